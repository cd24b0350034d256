; csharp extraction query: to be written
