import SystemIO

CurrentProcess.returnFreedMemory()
CurrentProcess.exit(Saatava.run(Array(CommandLine.arguments.dropFirst())).rawValue)
