public import Receivables

/// Deliveries (SFTP uploads) and their receipts: one row per (file, destination), pending → delivered or failed, or
/// dropped by a person.
extension Ledger {
    /// A delivery still to make: its row id, the file (relative to the working directory), the destination and how
    /// many uploads of it were begun before.
    public struct WaitingDelivery: Sendable {
        public let id: Int64
        public let file: String
        public let destination: String
        public let attempts: Int
        /// The run that recorded it: the reminders or transfers in the file are that run's.
        public let run: Int64
        /// The last allocation when it was recorded (nil for a row from before schema 24).
        public let lastAllocation: Int64?
        /// The file's size and SHA-256 when it was recorded (nil for a row without them).
        public let recorded: (size: Int, sha256: String)?
    }

    /// A file to go to a destination: the file relative to the working directory, its size and SHA-256.
    public struct QueuedDelivery: Sendable, Equatable {
        public let file: String
        public let destination: String
        public let size: Int
        public let sha256: String

        /// Creates a file to deliver.
        public init(file: String, destination: String, size: Int, sha256: String) {
            (self.file, self.destination, self.size, self.sha256) = (file, destination, size, sha256)
        }
    }

    /// Records that each file of `deliveries` is to go to its destination (once: a file already recorded for it is
    /// left as it is), for `run`. Call it in the transaction that records what the files carry.
    func enqueue(_ deliveries: [QueuedDelivery], run: Int64) throws(LedgerError) {
        let insert = try database.prepare("""
            INSERT INTO deliveries (file, destination, size, sha256, status, attempts, run_id, last_allocation)
            SELECT ?1, ?2, ?3, ?4, 'pending', 0, ?5, (SELECT coalesce(max(id), 0) FROM allocations)
            WHERE NOT EXISTS (SELECT 1 FROM deliveries WHERE file = ?1 AND destination = ?2)
            """)
        for delivery in deliveries {
            try insert.run([.text(delivery.file), .text(delivery.destination), .integer(Int64(delivery.size)),
                            .text(delivery.sha256), .integer(run)])
        }
    }

    /// The deliveries not yet made (pending or failed), oldest first.
    public func waitingDeliveries() throws(LedgerError) -> [WaitingDelivery] {
        let statement = try database.prepare("""
            SELECT id, file, destination, attempts, run_id, last_allocation, size, sha256 FROM deliveries
            WHERE status = 'pending' OR status = 'failed' ORDER BY id
            """)
        try statement.bind([])
        var waiting: [WaitingDelivery] = []
        while try statement.step() {
            waiting.append(WaitingDelivery(
                id: statement.integer(0), file: try statement.requiredText(1), destination: try statement.requiredText(2),
                attempts: Int(statement.integer(3)), run: statement.integer(4),
                lastAllocation: statement.optionalInteger(5),
                recorded: statement.optionalInteger(6).flatMap { size in statement.text(7).map { (Int(size), $0) } }))
        }
        return waiting
    }

    /// What the ledger learned, since `delivery` was recorded, that makes a step in it wrong to send: for each
    /// reminder (to the operator: those sent as Finvoice) or transfer (to the agency) its run issued, money placed on
    /// the invoice since (allocations after the file's last one; for a row from before schema 24, by a later run), or
    /// a hold, dispute or plan over it in effect on the latest run's day. Empty when everything still holds, and
    /// always for the agency's notices of payments, which the agency needs however the day's transfers fare.
    public func stepsOvertaken(in delivery: WaitingDelivery) throws(LedgerError) -> [String] {
        if Self.isPaymentsNotice(delivery.file) { return [] }
        // The file's run's steps through reminders_by_day; the money through allocations_by_invoice.
        let statement = try database.prepare("""
            SELECT i.invoice_number, m.action, m.currency, c.key,
                (SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = m.invoice_id
                    AND (a.id > ?2 OR (?2 IS NULL AND a.run_id > m.run_id))) AS since
            FROM reminders m JOIN invoices i ON i.id = m.invoice_id JOIN customers c ON c.id = i.customer_id
            WHERE m.issued_on = (SELECT as_of FROM runs WHERE id = ?1) AND m.run_id = ?1
                AND \(Self.stepsSent(to: delivery.destination)) ORDER BY m.id
            """)
        let (number, action, currency, customer, since) = (
            try statement.column("invoice_number"), try statement.column("action"), try statement.column("currency"),
            try statement.column("key"), try statement.column("since"))
        try statement.bind([.integer(delivery.run), delivery.lastAllocation.sql])
        // A hold counts as of the latest run's day (the one running, if any), as dunning counts it.
        let latest = try database.prepare("SELECT max(as_of) FROM runs")
        try latest.bind([])
        guard try latest.step(), let day = try latest.date(0) else { return [] }
        while try latest.step() {}
        let holds = try holdsInEffect(on: day)
        var overtaken: [String] = []
        while try statement.step() {
            let (invoice, customerKey) = (try statement.requiredText(number), try statement.requiredText(customer))
            let step = Self.step(try statement.requiredText(action), of: invoice)
            if let paid = statement.optionalInteger(since), paid > 0 {
                let amount = Amount(minorUnits: paid, currency: try statement.currency(currency))
                overtaken.append("\(step): \(amount) placed on it since")
            } else if let hold = holds.first(where: { $0.covers(invoiceNumber: invoice, customerKey: customerKey) }) {
                overtaken.append("\(step): \(hold.kind.rawValue) \(hold.id) in effect")
            }
        }
        return overtaken
    }

    /// The steps issued on `day` (by the runs before `run`, the day's earlier runs; by all, without it) that the ledger
    /// has since overtaken, in the order issued: money placed on the invoice after its run (by a later run, or by
    /// `saatava resolve` after it), or a hold, dispute or plan over it in effect on `day`. A letter printed after the
    /// morning's run, or a file sent by hand, would chase a customer who has paid.
    public func stepsOvertaken(on day: LocalDate, before run: Int64? = nil) throws(LedgerError) -> [OvertakenStep] {
        // The day's steps through reminders_by_day; the money through allocations_by_invoice. A decision taken between
        // runs books its allocation under the last run (the one that issued the step, maybe), a run's own decisions
        // theirs before its dunning: only the former are since.
        let statement = try database.prepare("""
            SELECT i.invoice_number, c.key, m.step, m.action, m.channel, m.class, m.file, m.currency,
                (SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = m.invoice_id AND (+a.run_id > m.run_id
                    OR +a.run_id = m.run_id AND a.rule = 'decision' AND EXISTS (SELECT 1 FROM decisions d
                        WHERE d.payment_id = a.payment_id AND d.invoice_id = a.invoice_id AND d.run_id IS NULL))),
                c.name
            FROM reminders m JOIN invoices i ON i.id = m.invoice_id JOIN customers c ON c.id = i.customer_id
            WHERE m.issued_on = ?1 AND m.run_id < ?2 ORDER BY m.id
            """)
        try statement.bind([.text(day.description), .integer(run ?? Int64.max)])
        var steps: [OvertakenStep] = []
        var holds: [HoldView]?
        while try statement.step() {
            let (invoice, customerKey) = (try statement.requiredText(0), try statement.requiredText(1))
            var paid: Amount?
            var hold: HoldKind?
            if let cents = statement.optionalInteger(8), cents > 0 {
                paid = Amount(minorUnits: cents, currency: try statement.currency(7))
            } else {
                if holds == nil { holds = try holdsInEffect(on: day) }
                hold = holds?.first { $0.covers(invoiceNumber: invoice, customerKey: customerKey) }?.kind
                if hold == nil { continue }
            }
            steps.append(OvertakenStep(
                invoiceNumber: invoice, customerId: customerKey, customerName: statement.text(9),
                step: Int(statement.integer(2)),
                isTransfer: try statement.requiredText(3) == "collection",
                channel: statement.text(4).flatMap(ReminderChannel.init(rawValue:)),
                dunningClass: try statement.requiredText(5),
                file: statement.text(6), paidSince: paid, hold: hold))
        }
        return steps
    }

    /// How many files wait for each destination, by status (`pending`, `failed`).
    public func waitingDeliveryCounts() throws(LedgerError) -> [String: [String: Int]] {
        let statement = try database.prepare(
            """
            SELECT destination, status, count(*) FROM deliveries WHERE status = 'pending' OR status = 'failed'
            GROUP BY destination, status
            """)
        try statement.bind([])
        var counts: [String: [String: Int]] = [:]
        while try statement.step() {
            counts[try statement.requiredText(0), default: [:]][try statement.requiredText(1)] = Int(statement.integer(2))
        }
        return counts
    }

    /// Records, before an upload starts, that it is being tried (so that a run stopped during it looks first).
    public func beginDeliveryAttempt(_ id: Int64) throws(LedgerError) {
        try database.prepare("UPDATE deliveries SET attempts = attempts + 1 WHERE id = ?").run([.integer(id)])
    }

    /// Records a delivery's receipt.
    public func recordDelivered(_ id: Int64, size: Int, sha256: String, remotePath: String, at timestamp: String)
        throws(LedgerError)
    {
        try database.prepare("""
            UPDATE deliveries SET status = 'delivered', size = ?, sha256 = ?, remote_path = ?, delivered_at = ?,
                last_error = NULL
            WHERE id = ?
            """).run([.integer(Int64(size)), .text(sha256), .text(remotePath), .text(timestamp), .integer(id)])
    }

    /// Records why a delivery failed; it is tried again later.
    public func recordDeliveryFailed(_ id: Int64, error: String) throws(LedgerError) {
        try database.prepare("UPDATE deliveries SET status = 'failed', last_error = ? WHERE id = ?")
            .run([.text(error), .integer(id)])
    }

    /// Ends at a person's word every waiting delivery of `file` (`saatava deliver --drop`, docs/delivery.md), and
    /// with it the other files of its run's folder that wait for the same destination (a day's transfer, its CSV and
    /// manifest go together), but for the agency's notices of payments, which go only when named: each is never
    /// uploaded and no longer waits; the row is kept as `dropped` with the reason, and the audit trail says who and
    /// why. What the files' run recorded stays as it is.
    /// - Returns: The deliveries ended, and the steps they held (`the reminder of invoice INV1`), still recorded as
    ///   issued.
    /// - Throws: `DeliveryRefusal` when no delivery of `file` waits (none recorded, or delivered or dropped).
    public func dropDelivery(file: String, reason: String, at timestamp: String, source: String)
        throws -> (dropped: [DroppedDelivery], steps: [String])
    {
        try database.transaction {
            let find = try database.prepare(
                "SELECT id, file, destination, status, attempts, run_id FROM deliveries ORDER BY id")
            try find.bind([])
            let folder = Self.folder(of: file)
            var named: [(destination: String, status: String, run: Int64)] = []
            var candidates: [(id: Int64, file: String, destination: String, wasTried: Bool, run: Int64)] = []
            while try find.step() {
                let (rowFile, destination, status) = (
                    try find.requiredText(1), try find.requiredText(2), try find.requiredText(3))
                if rowFile == file { named.append((destination, status, find.integer(5))) }
                if (status == "pending" || status == "failed") && Self.folder(of: rowFile) == folder {
                    candidates.append((find.integer(0), rowFile, destination, find.integer(4) > 0, find.integer(5)))
                }
            }
            let waiting = named.filter { $0.status == "pending" || $0.status == "failed" }
            guard !waiting.isEmpty else {
                throw DeliveryRefusal(description: named.isEmpty
                    ? "no delivery of '\(file)' is recorded ('saatava ledger deliveries' lists them by file)"
                    : "\(file) waits for no delivery ("
                        + named.map { "to \($0.destination): \($0.status)" }.joined(separator: "; ") + ")",
                    isUnknownFile: named.isEmpty)
            }
            let ending = candidates.filter { row in
                row.file == file || (!Self.isPaymentsNotice(file) && !Self.isPaymentsNotice(row.file)
                    && waiting.contains { $0.destination == row.destination && $0.run == row.run })
            }
            let update = try database.prepare("UPDATE deliveries SET status = 'dropped', last_error = ? WHERE id = ?")
            let audit = try database.prepare("""
                INSERT INTO audit (run_id, entity, entity_key, action, detail) VALUES (NULL, 'delivery', ?, 'dropped', ?)
                """)
            for row in ending {
                try update.run([.text("dropped at \(timestamp) by \(source): \(reason)"), .integer(row.id)])
                try audit.run([
                    .text(row.file), .text("not to be delivered to \(row.destination), by \(source): \(reason)"),
                ])
            }
            var sent: [(destination: String, run: Int64)] = []
            for row in ending where !Self.isPaymentsNotice(row.file)
                && !sent.contains(where: { $0.destination == row.destination && $0.run == row.run })
            {
                sent.append((row.destination, row.run))
            }
            let steps = try sent.flatMap { try stepsSent(to: $0.destination, byRun: $0.run) }
            return (ending.map { DroppedDelivery(file: $0.file, destination: $0.destination, wasTried: $0.wasTried) },
                    steps)
        }
    }

    /// The steps of a run that its files for a destination hold, as `the reminder of invoice INV1`.
    private func stepsSent(to destination: String, byRun run: Int64) throws(LedgerError) -> [String] {
        let statement = try database.prepare("""
            SELECT i.invoice_number, m.action FROM reminders m JOIN invoices i ON i.id = m.invoice_id
            WHERE m.issued_on = (SELECT as_of FROM runs WHERE id = ?1) AND m.run_id = ?1
                AND \(Self.stepsSent(to: destination)) ORDER BY m.id
            """)
        try statement.bind([.integer(run)])
        var steps: [String] = []
        while try statement.step() {
            steps.append(Self.step(try statement.requiredText(1), of: try statement.requiredText(0)))
        }
        return steps
    }

    /// What of a run's steps its files for a destination hold: reminders sent as Finvoice to the operator, transfers
    /// to the agency (a condition on `reminders m`).
    private static func stepsSent(to destination: String) -> String {
        destination == "operator" ? "m.action = 'reminder' AND m.channel = 'finvoice'" : "m.action = 'collection'"
    }

    /// A step as a person reads it: `the reminder of invoice INV1`, `the transfer of invoice INV2`.
    private static func step(_ action: String, of invoice: String) -> String {
        "the \(action == "collection" ? "transfer" : "reminder") of invoice \(invoice)"
    }

    /// The folder a file is in (`outbox/2026-05-04/collection` of its manifest), empty for a bare name.
    private static func folder(of file: String) -> Substring {
        file[..<(file.lastIndex(of: "/") ?? file.startIndex)]
    }

    /// Whether a file is the agency's notice of payments (`payments-<day>.csv`), which holds no step.
    private static func isPaymentsNotice(_ file: String) -> Bool {
        file.split(separator: "/").last?.hasPrefix("payments-") == true
    }

    /// Every delivery, in the order they were recorded.
    public func deliveryViews() throws(LedgerError) -> [DeliveryView] {
        let statement = try database.prepare("""
            SELECT file, destination, size, sha256, remote_path, status, attempts, delivered_at, last_error
            FROM deliveries ORDER BY id
            """)
        try statement.bind([])
        var views: [DeliveryView] = []
        while try statement.step() {
            views.append(DeliveryView(
                file: try statement.requiredText(0), destination: try statement.requiredText(1),
                size: statement.optionalInteger(2), sha256: statement.text(3), remotePath: statement.text(4),
                status: try statement.requiredText(5), attempts: Int(statement.integer(6)), deliveredAt: statement.text(7),
                lastError: statement.text(8)))
        }
        return views
    }
}

/// Why a person's ending of a delivery was refused; nothing was changed.
public struct DeliveryRefusal: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// Whether no delivery of the file is recorded at all (a name mistyped, or never an outbox file), rather than
    /// none that waits.
    public let isUnknownFile: Bool
}
