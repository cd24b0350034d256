-- parse_ruby: definitions, references and imports extracted from Ruby
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
# frozen_string_literal: true
require 'json'
require "net/http"
require_relative 'lib/a'
load 'tasks/setup.rb'
autoload :Parser, 'shapes/parser'

MAX = 3
Point = Struct.new(:x, :y) do
  def norm
    Math.sqrt(x * x + y * y)
  end
end
ShapeError = Class.new(StandardError)

module Shapes
  VERSION = "1.0"

  module Drawable
    def draw(canvas)
      canvas.paint(self)
    end
  end

  class Base
    def area = 0
  end

  class Box < Base
    include Comparable
    include Drawable
    extend Forwardable
    prepend Shapes::Logging
    LIMIT = MAX * 2

    def self.build(w, h)
      new(w, h)
    end

    class << self
      def registry
        @registry ||= {}
      end
    end

    def initialize(w, h)
      @w, @h = w, h
    end

    def area
      helper(@w) * @h
    end

    def to_json(*args)
      JSON.generate(area: area).to_s
    end

    private

    def helper(n)
      log.debug "helper"
      Shapes::Util.clamp(n, LIMIT)
    end
  end
end

class Shapes::Circle < Shapes::Base
  def initialize(r)
    @r = r
    @box = Shapes::Box.new(r, r)
    @point = Point.new(0, 0)
  end
end

def main
  box = Shapes::Box.build(2, 3)
  puts box.area
  [box].each { |b| b.draw(STDOUT) }
end
$src$, 'ruby')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";

-- scoped and top-level class names, operator and setter methods, Data and
-- Module built at run time, defs on an object or in a block, calls that
-- are not imports (computed paths), a bare identifier that is not a call
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
class ::TopLevel; end
module Admin::Reports
  class Migrate < ActiveRecord::Migration[7.1]
    include Enumerable, Admin::Helpers
    def ==(other) = other.is_a?(Migrate)
    def name=(value); @name = value; end
    private def secret; end
  end
end
Admin::LIMIT = 10
Coord = Data.define(:lat, :lng)
Plugins = Module.new
def Admin.configure
  yield config
end
def run
  require "#{ROOT}/dynamic"
  require File.expand_path('../config', __dir__)
  client&.connect(timeout: 5)
  Admin::configure
  value
  Kernel.exit(0)
end
RSpec.describe Admin do
  def build_report; end
end
$src$, 'ruby')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";
