; rust extraction query: to be written
