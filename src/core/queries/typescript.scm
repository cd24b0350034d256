; typescript extraction query: to be written
