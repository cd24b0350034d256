; java extraction query: to be written
