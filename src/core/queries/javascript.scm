; javascript extraction query: to be written
