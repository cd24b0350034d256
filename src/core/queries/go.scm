; go extraction query: to be written
