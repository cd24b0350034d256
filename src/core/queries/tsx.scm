; tsx extraction query: to be written
