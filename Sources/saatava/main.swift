import SystemIO

CurrentProcess.exit(Saatava.run(Array(CommandLine.arguments.dropFirst())).rawValue)
