; php extraction query: to be written
