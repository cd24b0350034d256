-- parse_typescript: definitions, references and imports extracted from TypeScript
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
import fs = require('fs');
import type {Config} from './config';
import {type Logger, createLogger as makeLogger} from '@app/log';
import defaultExport, * as utils from '../utils/index.js';
import 'reflect-metadata';
export * as shapes from './shapes';
export type {Shape} from './shapes';
const lazy = import('./lazy');

export const VERSION = '1.0';
declare const BUILD: string;

export interface Identified { id: string; }
export interface Repository<T extends Identified> extends Iterable<T>, events.Emitter {
  find(id: string): T | undefined;
}

export type Handler<T> = (item: T) => Promise<void>;

export enum Status { Active = 'active', Archived = 'archived' }

export abstract class BaseRepo<T extends Identified> implements Repository<T> {
  protected items = new Map<string, T>();
  abstract validate(item: T): boolean;
  find(id: string): T | undefined {
    return this.items.get(id);
  }
}

@Injectable()
export class UserRepo extends BaseRepo<User> implements Disposable, ns.Closeable {
  private readonly log = makeLogger('users');
  constructor(private readonly cfg: Config) {
    super();
  }
  validate(user: User): boolean {
    return isValid<User>(user) && this.cfg.strict;
  }
  dispose = async (): Promise<void> => {
    await this.flush();
  };
}

export namespace Geometry.Shapes {
  export const UNIT = 1;
  export function area(s: Shape): number { return compute(s) * UNIT; }
  export class Circle { radius = 0; }
}

declare module 'express' {
  interface Request { user?: User; }
}

module Legacy { export function old() {} }

export function overloaded(a: string): string;
export function overloaded(a: number): number;
export function overloaded(a: any): any { return a; }

export const handler: Handler<User> = async (user) => {
  const repo = new UserRepo(loadConfig());
  repo.validate(user);
};
$src$, 'typescript')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";

-- ambient declarations: signatures without bodies define nothing; an
-- "import Q = N.M" alias
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
import Q = Outer.Inner;
declare function ambient(x: number): void;
declare class Ambient { method(): void; }
export declare const DECLARED: number;
declare namespace Api { const TIMEOUT = 30; }
export = Q;
$src$, 'typescript')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";
