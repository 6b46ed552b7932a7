import Receivables

extension Ledger {
    /// What posting one file did.
    public struct Posted: Sendable, Equatable {
        /// Records in the file.
        public var records = 0
        /// Records booked now.
        public var booked = 0
        /// Records already in the ledger (by account + archive id, or seller + invoice number): not booked again.
        public var alreadyBooked = 0
        /// Records already in the ledger with other content: the original is kept.
        public var conflicts: [Conflict] = []

        /// Nothing posted yet.
        public init() {}
    }

    /// A record received again with other content than the ledger holds: the ledger keeps what it booked first.
    public struct Conflict: Sendable, Equatable, CustomStringConvertible {
        /// One field that differs.
        public struct Difference: Sendable, Equatable {
            public let field: String
            public let booked: String?
            public let received: String?
        }

        /// The fields compared so far that differ.
        struct Differences {
            private(set) var list: [Difference] = []

            mutating func compare(_ field: String, _ booked: String?, _ received: String?) {
                if booked != received { list.append(Difference(field: field, booked: booked, received: received)) }
            }
        }

        /// `payment` or `invoice`.
        public let record: String
        /// The payment's archive id or the invoice's number.
        public let key: String
        public let differences: [Difference]

        public var description: String {
            "\(record) \(key) was booked before with other content, kept as booked: "
                + differences.map { "\($0.field) \($0.booked ?? "none") (received \($0.received ?? "none"))" }
                    .joined(separator: ", ")
        }
    }

    /// Books one file's records in one transaction, together with the record that the file was seen. If
    /// `records` throws, nothing of the file is booked.
    /// - Parameters:
    ///   - name: The file's name, for the record.
    ///   - kind: `camt054`, `camt053`, `ktl` or `finvoice`.
    ///   - run: The run posting it.
    ///   - records: Hands each payment and invoice of the file to the `FilePosting` it is given.
    public func post(
        fileNamed name: String, kind: String, run: Int64, records: (FilePosting) throws -> Void
    ) throws -> Posted {
        try database.transaction {
            try database.prepare("INSERT INTO files (name, kind, run_id, records, new_records) VALUES (?, ?, ?, 0, 0)")
                .run([.text(name), .text(kind), .integer(run)])
            let posting = try FilePosting(
                database: database, file: database.lastInsertedRowID, kind: kind, run: run, accounts: journalAccounts)
            try records(posting)
            try posting.kept.save()
            try database.prepare("UPDATE files SET records = ?, new_records = ? WHERE id = ?")
                .run([.integer(Int64(posting.posted.records)), .integer(Int64(posting.posted.booked)), .integer(posting.file)])
            return posting.posted
        }
    }

}
