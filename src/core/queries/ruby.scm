; ruby extraction query: to be written
