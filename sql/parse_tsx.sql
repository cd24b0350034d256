-- parse_tsx: definitions, references and imports extracted from TSX
SELECT kind, symbol_kind, name, qualname, start_line, end_line, detail
FROM codemap.parse($src$
import React, {useState} from 'react';
import type {Todo} from './types';
import * as UI from '@acme/ui';
import './todo.css';
export {TodoItem as Item} from './TodoItem';

export const MAX_TODOS = 50;

export interface TodoListProps extends UI.BaseProps {
  todos: Todo[];
  onToggle?: (id: string) => void;
}

type Filter = 'all' | 'done' | 'open';

enum View { List, Grid }

export function TodoList({todos, onToggle}: TodoListProps) {
  const [filter, setFilter] = useState<Filter>('all');
  const visible = todos.filter((t) => matches(t, filter));
  return (
    <UI.Card title="Todos">
      <FilterBar value={filter} onChange={setFilter} />
      {visible.map((t) => <TodoRow key={t.id} todo={t} onToggle={onToggle} />)}
      <span>{visible.length}</span>
    </UI.Card>
  );
}

const TodoRow = ({todo}: {todo: Todo}) => <li>{formatTitle(todo)}</li>;

export default class TodoStore extends Store<Todo> implements Persistable {
  private items: Todo[] = [];
  add = (todo: Todo): void => {
    this.items.push(todo);
    this.emit('change');
  };
  async save(): Promise<void> {
    await persist(this.items);
  }
}

const generic = <T,>(value: T) => value;
$src$, 'tsx')
ORDER BY start_line, start_col, kind, name COLLATE "C", detail COLLATE "C";
