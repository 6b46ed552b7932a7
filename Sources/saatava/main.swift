import Glibc

exit(Saatava.run(Array(CommandLine.arguments.dropFirst())).rawValue)
