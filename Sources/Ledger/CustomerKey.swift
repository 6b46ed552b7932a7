import Foundation
import Receivables

extension Customer {
    /// A customer key as the ledger books it and looks it up: in Unicode's composed form (NFC). The ledger compares
    /// keys byte for byte and Swift's strings compare what they mean, so a name or street written with combining marks
    /// (`e` + U+0301, as some systems write `é`) would be one customer to saatava's code and two to the ledger.
    static func bookedKey(_ key: String) -> String {
        key.utf8.allSatisfy { $0 < 0x80 } ? key : key.precomposedStringWithCanonicalMapping
    }
}

extension Ledger {
    /// Brings every customer key to its composed form (schema 26, `Customer.bookedKey`). Customers whose keys then
    /// agree are one customer (`merge(_:into:)`). Insight's kept sums, kept by key, are then made afresh by the next
    /// run.
    func composeCustomerKeys() throws(LedgerError) {
        let read = try database.prepare("SELECT id, key FROM customers ORDER BY id")
        try read.bind([])
        // The rows whose keys are not composed, by their composed key, in the order first met.
        var uncomposed: [String: [(id: Int64, key: String)]] = [:]
        var composedKeys: [String] = []
        while try read.step() {
            let key = try read.requiredText(1)
            let composed = Customer.bookedKey(key)
            guard !composed.utf8.elementsEqual(key.utf8) else { continue }
            if uncomposed[composed] == nil { composedKeys.append(composed) }
            uncomposed[composed, default: []].append((read.integer(0), key))
        }
        guard !composedKeys.isEmpty else { return }
        let find = try database.prepare("SELECT id FROM customers WHERE key = ?")
        let rename = try database.prepare("UPDATE customers SET key = ? WHERE id = ?")
        let merging = try CustomerMerge(database)
        for composed in composedKeys {
            var rows = uncomposed[composed] ?? []
            let kept: Int64
            try find.bind([.text(composed)])
            if try find.step() {
                kept = find.integer(0)
            } else {
                kept = rows.removeFirst().id
                try rename.run([.text(composed), .integer(kept)])
            }
            if !rows.isEmpty { try merging.merge(rows, into: kept) }
        }
        try database.execute("DELETE FROM insight_sums; DELETE FROM insight_mark")
    }
}

extension Customer {
    /// The columns of the details a customer's row keeps from its latest invoice, where that states them.
    static let latestDetails = [
        "name", "street", "post_code", "town", "country", "language", "einvoice_address", "einvoice_intermediator",
    ]
}

/// What makes one customer of several whose keys compose alike (schema 26), its statements prepared once for all of a
/// ledger's merges.
private struct CustomerMerge: ~Copyable {
    private let read: Statement
    private let lastInvoice: Int32
    private let update: Statement
    private let moveInvoices: Statement
    private let moveHolds: Statement
    private let remove: Statement
    private let audit: Statement

    init(_ database: Database) throws(LedgerError) {
        let details = Customer.latestDetails
        let read = try database.prepare("""
            SELECT \(details.joined(separator: ", ")),
                (SELECT coalesce(max(i.id), 0) FROM invoices i WHERE i.customer_id = c.id) AS last_invoice
            FROM customers c WHERE c.id = ?
            """)
        let lastInvoice = try read.column("last_invoice")
        let update = try database.prepare(
            "UPDATE customers SET \(details.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?")
        let moveInvoices = try database.prepare("UPDATE invoices SET customer_id = ? WHERE customer_id = ?")
        let moveHolds = try database.prepare("UPDATE holds SET customer_id = ? WHERE customer_id = ?")
        let remove = try database.prepare("DELETE FROM customers WHERE id = ?")
        let audit = try database.prepare("""
            INSERT INTO audit (run_id, entity, entity_key, action, detail) VALUES (NULL, 'customer', ?, 'merged', ?)
            """)
        self.read = read
        self.lastInvoice = lastInvoice
        self.update = update
        self.moveInvoices = moveInvoices
        self.moveHolds = moveHolds
        self.remove = remove
        self.audit = audit
    }

    /// Makes one customer of `kept` and `rows`: `kept` takes each detail from the one invoiced last that states it
    /// (as booking keeps the latest invoice's details, where it states them), and every invoice and hold of `rows`,
    /// whose rows go, each with a `merged` row in the audit trail.
    func merge(_ rows: [(id: Int64, key: String)], into kept: Int64) throws(LedgerError) {
        let details = Customer.latestDetails.indices
        var members: [(lastInvoice: Int64, details: [String?])] = []
        for id in [kept] + rows.map(\.id) {
            try read.bind([.integer(id)])
            guard try read.step() else { throw LedgerError(code: 0, message: "customer row \(id) vanished") }
            members.append((read.integer(lastInvoice), details.map { read.text(Int32($0)) }))
        }
        members.sort { $0.lastInvoice > $1.lastInvoice }
        let merged = details.map { detail in members.lazy.compactMap { $0.details[detail] }.first }
        try update.run(merged.map(\.sql) + [.integer(kept)])
        for (id, key) in rows {
            try moveInvoices.run([.integer(kept), .integer(id)])
            try moveHolds.run([.integer(kept), .integer(id)])
            try remove.run([.integer(id)])
            try audit.run([
                .text(key), .text("into the customer of the same key composed (row \(kept), was row \(id))"),
            ])
        }
    }
}
