-- parse_rust: definitions, references and imports extracted from Rust
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
//! Shapes and boxes.
extern crate serde;
extern crate rand as rng;

mod util;
use crate::util::helper;
use crate::util::{helper as h, io::{self, Read as R}};
use std::collections::HashMap as Map;
use super::*;

pub const MAX: usize = 10;
static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub type Res<T> = Result<T, Error>;

#[derive(Debug, Clone)]
pub struct Box<T> {
    value: T,
}

pub enum Color { Red, Green(u8) }

union Bits { i: u32, f: f32 }

pub trait Shape: fmt::Debug + Named {
    const SIDES: u32;
    fn area(&self) -> f64;
    fn describe(&self) -> String {
        format!("{} sides", Self::SIDES)
    }
}

impl<T> Box<T> {
    const LIMIT: usize = 4;

    pub fn new(value: T) -> Self {
        Box { value }
    }

    fn target_fn(&self) -> usize {
        helper();
        self.check();
        let b = Box::new(1);
        std::mem::drop(b);
        Vec::<u8>::with_capacity(Self::LIMIT).len()
    }
}

impl Shape for Box<f64> {
    const SIDES: u32 = 4;
    fn area(&self) -> f64 { self.value * self.value }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "color")
    }
}

macro_rules! square {
    ($x:expr) => { $x * $x };
}

pub mod net {
    pub struct Conn;
    impl Conn {
        pub fn open() -> Conn { log::info!("open"); Conn }
    }
}

fn main() {
    const LOCAL: u8 = 1;
    let v: Vec<u32> = (0..3).map(|x| x + 1).collect::<Vec<_>>();
    println!("{}", square!(2));
    net::Conn::open();
}
$src$, 'rust')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";

-- re-exports and bare use-lists, impls with lifetimes, where clauses, paths,
-- references and trait objects, foreign functions (not definitions), nested
-- functions in a test module
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
pub use self::inner::*;
use {serde, a::b::{c, d::*}};

impl<'a, T: Clone> Iterator for Iter<'a, T> where T: Send {
    type Item = &'a T;
    fn next(&mut self) -> Option<Self::Item> { self.inner.next() }
}

impl<T> std::ops::Deref for crate::wrap::Wrapper<T> {
    fn deref(&self) -> &T { &self.0 }
}

impl Named for &str { fn name(&self) -> String { self.to_string() } }
impl dyn Shape { fn boxed(&self) {} }

extern "C" { fn abs(i: i32) -> i32; }

#[cfg(test)]
mod tests {
    use super::*;
    fn outer() { fn inner() {} inner(); }
}
$src$, 'rust')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";
