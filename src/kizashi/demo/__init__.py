"""The deterministic demo scenario: generator, workspace and the `kizashi demo` command."""
