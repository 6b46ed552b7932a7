/// One file's delivery to one destination (the `deliveries` view, docs/design.md, "Ledger views"): its receipt once delivered.
public struct DeliveryView: Sendable, Equatable {
    /// The file, relative to the working directory (`outbox/2026-05-04/collection/manifest.json`).
    public let file: String
    /// `agency` or `operator`.
    public let destination: String
    /// The file's size in bytes and SHA-256 (64 lower-case hex digits), as uploaded (as found, while waiting).
    public let size: Int64?
    public let sha256: String?
    /// Where it is on the server, once delivered.
    public let remotePath: String?
    /// pending | delivered | failed | dropped
    public let status: String
    public let attempts: Int
    /// When it was delivered (the run clock's timestamp).
    public let deliveredAt: String?
    /// Why the last attempt failed, or why a person dropped it.
    public let lastError: String?

    public init(file: String, destination: String, size: Int64?, sha256: String?, remotePath: String?, status: String,
                attempts: Int, deliveredAt: String?, lastError: String?) {
        self.file = file
        self.destination = destination
        self.size = size
        self.sha256 = sha256
        self.remotePath = remotePath
        self.status = status
        self.attempts = attempts
        self.deliveredAt = deliveredAt
        self.lastError = lastError
    }
}

/// A delivery a person ended (`saatava deliver --drop`): never uploaded, no longer waiting.
public struct DroppedDelivery: Sendable, Equatable {
    /// The file, relative to the working directory.
    public let file: String
    /// `agency` or `operator`.
    public let destination: String
    /// Whether an upload of it was begun before without a receipt: it may be on the server.
    public let wasTried: Bool

    public init(file: String, destination: String, wasTried: Bool) {
        self.file = file
        self.destination = destination
        self.wasTried = wasTried
    }
}
