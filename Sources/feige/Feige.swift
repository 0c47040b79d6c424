import ArgumentParser
import FeigeCommands

/// The `feige` executable: nothing but the entry point. Every verb lives in `FeigeCommands`.
@main
extension FeigeCommand {}
