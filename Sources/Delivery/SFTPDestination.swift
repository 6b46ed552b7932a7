/// Where files go over SFTP (config `delivery.agency`, `delivery.operator`): a server, its account and key, the
/// known host key it must present, and the remote folder. Keys are referenced by path, never read or logged.
public struct SFTPDestination: Sendable, Equatable {
    /// The destination's name in the config and the ledger: `agency` or `operator`.
    public let name: String
    public let host: String
    public let port: Int
    public let user: String
    /// The private key's path (absolute).
    public let identityFile: String
    /// The known_hosts file holding the server's host key (absolute path): nothing else is trusted.
    public let knownHosts: String
    /// The remote folder files are put in (relative to the account's home unless it starts with `/`).
    public let remoteDir: String

    /// A destination with every part given.
    public init(name: String, host: String, port: Int, user: String, identityFile: String, knownHosts: String,
                remoteDir: String) {
        self.name = name
        self.host = host
        self.port = port
        self.user = user
        self.identityFile = identityFile
        self.knownHosts = knownHosts
        self.remoteDir = remoteDir
    }

    /// The path a file named `name` has on the server.
    public func remotePath(_ name: String) -> String {
        remoteDir.isEmpty || remoteDir == "." ? name : (remoteDir.hasSuffix("/") ? remoteDir + name : remoteDir + "/" + name)
    }
}

/// An upload or a look at the server that failed, with whose fault it is.
public struct DeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whose fault, and so what the run's exit code says (docs/design.md, "Command line").
    public enum Kind: Sendable, Equatable {
        /// The server is down, refused the connection, timed out or dropped it: try again later (75).
        case temporary
        /// The host key is unknown or changed, the login or the remote folder is refused: a person must fix the
        /// config or the server's account (64). Nothing was sent.
        case configuration
    }

    public let kind: Kind
    public let description: String

    public init(kind: Kind, description: String) {
        self.kind = kind
        self.description = description
    }
}
