"""One module per chapter: its exercises, each with the task, the code (answer marked) and a check."""
