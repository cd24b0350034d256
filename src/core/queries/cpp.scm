; cpp extraction query: to be written
