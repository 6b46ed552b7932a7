import Foundation
public import Receivables

/// A synthetic history of consecutive business days: each day's Finvoice batches and bank files, and what the ledger
/// holds after that day's run (docs/ledger.md), for a fixed population of customers who each keep their own habit.
///
/// Written under `DIR`:
/// ```
/// customers.json                          the population and each customer's habit
/// days/<YYYY-MM-DD>/inbox/finvoice-*.xml  invoices issued that day, late-delivered ones, credit notes
/// days/<YYYY-MM-DD>/inbox/camt054-*.xml   the day's notification: booked, pending and reversal entries
/// days/<YYYY-MM-DD>/inbox/camt053-*.xml   the previous business day's statement (same entry archive ids)
/// days/<YYYY-MM-DD>/truth.json            every invoice and payment the day's run books or changes, as it stands
///                                         after the run, and the whole ledger's totals
/// ```
/// Days are written as they are generated; only invoices with something still to happen are held in memory.
public enum WorkloadHistory {
    /// What to generate.
    public struct Options: Sendable {
        /// How many business days.
        public var days: Int
        /// Invoices issued each day (credit notes, payments and strangers' payments come on top).
        public var invoicesPerDay: Int
        /// The random seed: the same options give the same bytes.
        public var seed: UInt64
        /// The first day, or the business day after it when it is a Saturday or Sunday.
        public var firstDay: LocalDate
        /// The camt version of notifications and statements: 02, 04, 06, 08, 10 or 12.
        public var camtVersion = "02"
        /// The Finvoice batches' encoding.
        public var encoding = WorkloadWriter.FinvoiceEncoding.utf8
        /// Finvoice messages per batch file.
        public var batchSize = 5_000
        /// Whether the open backlog grows with the history or levels off.
        public var backlog = Backlog.grows

        /// Options with the default camt version (02), encoding (UTF-8) and batch size (5 000).
        public init(days: Int, invoicesPerDay: Int, seed: UInt64, firstDay: LocalDate) {
            self.days = days
            self.invoicesPerDay = invoicesPerDay
            self.seed = seed
            self.firstDay = firstDay
        }
    }

    /// How the open backlog (invoices still owed, payments left for the accountant) moves over a history.
    public enum Backlog: String, Sendable, CaseIterable {
        /// Every customer pays in the end: one who would never pay pays 10–40 days after its habit, a partial
        /// payment's rest always comes, a reversed payment is always paid again; and the accountant decides each
        /// payment left unmatched 1–10 business days after it was booked (`inbox/decisions/decisions-<date>.csv`:
        /// assigns a payment with a wrong or no reference to its invoice, refunds a duplicate, an overpayment's excess
        /// and a stranger's payment). What is open levels off at what a few months of invoices leave.
        case levelsOff = "levels"
        /// About a quarter of the invoices are never paid, some partial payments' rest never comes, and no payment
        /// left unmatched is ever decided: the backlog grows with every day.
        case grows
    }

    /// What a generated payment or document exercises. A payment's `case` in the truth is one of the payment cases;
    /// the day's `cases` count every case seen that day.
    public enum Case: String, Sendable, CaseIterable {
        /// Paid in full by the due date (counted by booking date against the first business day on or after it).
        case onTime = "on_time"
        /// Paid in full after the due date.
        case late
        /// A first, partial payment.
        case partial
        /// The rest of a partly paid invoice, on a later day.
        case rest
        /// More than the invoice: the excess stays unapplied.
        case overpayment
        /// The same amount again, on a later day, for an invoice already paid.
        case duplicate
        /// Paid on the day the invoice was issued; its Finvoice is delivered 1–3 business days later.
        case beforeInvoice = "before_invoice"
        /// Notified as pending (`PDNG`) one day and booked the next under the same archive id.
        case pending
        /// The invoice less its credit note.
        case creditNoteNet = "credit_note_net"
        /// A reversal (`DBIT`, `RvslInd`) naming its original by account, reference and amount.
        case reversal
        /// A reversal carrying its original's archive id.
        case reversalByArchiveId = "reversal_by_archive_id"
        /// Paid again after the first payment was reversed.
        case repayment
        /// A valid reference no invoice has.
        case unknownReference = "unknown_reference"
        /// The invoice's reference with a wrong check digit.
        case wrongCheckDigit = "wrong_check_digit"
        /// No reference, the invoice number in the message.
        case invoiceNumberInText = "invoice_number_in_text"
        /// A credit note (INV02) delivered after its invoice.
        case creditNote = "credit_note"
        /// A credit note for the whole invoice, delivered after it: the invoice ends `credited`.
        case wholeCreditNote = "whole_credit_note"
        /// A credit note delivered before its invoice.
        case creditNoteBeforeInvoice = "credit_note_before_invoice"
        /// An invoice its customer will never pay.
        case unpaid
        /// An entry of a camt.053 statement, delivered the next business day, the same money as a camt.054 entry.
        case statementEntry = "statement_entry"

        /// The cases a payment can have.
        public static let paymentCases: [Case] = [
            .onTime, .late, .partial, .rest, .overpayment, .duplicate, .beforeInvoice, .pending, .creditNoteNet,
            .reversal, .reversalByArchiveId, .repayment, .unknownReference, .wrongCheckDigit, .invoiceNumberInText,
        ]
    }

    /// One generated day.
    public struct Day: Sendable {
        /// The business day.
        public let date: LocalDate
        /// `DIR/days/<date>`.
        public let directory: String
        /// The inbox files, in name order.
        public var files: [String]
        /// `DIR/days/<date>/truth.json`.
        public let truthFile: String
        /// Invoices and credit notes delivered.
        public let documents: Int
        /// camt.054 transactions (booked, pending and reversals).
        public let payments: Int
    }

    /// What was written.
    public struct Written: Sendable {
        /// The days, first to last.
        public var days: [Day] = []
        /// `DIR/customers.json`.
        public var customersFile = ""
    }

    /// Generates the history and writes it under `directory`, day by day.
    /// - Throws: When a folder or file cannot be written.
    public static func write(_ options: Options, to directory: String) throws -> Written {
        var writer = try Writer(options, to: directory)
        var written = Written()
        written.customersFile = writer.customersFile
        while let day = try writer.next() { written.days.append(day) }
        return written
    }

    /// Writes a history one day at a time, so that a caller may use each day's files and remove them before the
    /// next day is written: only the next day's statement (`camt053-*.xml`, in `days/<next date>/inbox/`) is on disk
    /// ahead of its day. The same options give the same bytes as `write`.
    public struct Writer {
        /// `DIR/customers.json`, written when the writer is made.
        public let customersFile: String
        private var generator: HistoryGenerator
        private let root: URL
        private var index = 0
        private var statementForNextDay: String?

        /// Writes customers.json under `directory`; the days follow one per `next()`.
        /// - Throws: When the folder or the file cannot be written.
        public init(_ options: Options, to directory: String) throws {
            precondition(options.days >= 1 && options.invoicesPerDay >= 1, "a history has days and invoices")
            generator = HistoryGenerator(options: options)
            root = URL(fileURLWithPath: directory)
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            customersFile = root.appendingPathComponent("customers.json").path
            try HistoryFiles.writeCustomers(generator.customers, to: customersFile)
        }

        /// Generates and writes the next business day, or returns nil after the last.
        /// - Throws: When a folder or file cannot be written.
        public mutating func next() throws -> Day? {
            let options = generator.options
            guard index < options.days else { return nil }
            defer { index += 1 }
            let day = generator.generateDay(index)
            let folder = root.appendingPathComponent("days/\(day.date)")
            let inbox = folder.appendingPathComponent("inbox")
            try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
            var files = try Finvoice.writeBatches(
                day.documents, seller: generator.seller, asOf: day.date, encoding: options.encoding,
                batchSize: options.batchSize, inbox: inbox)
            let compact = day.date.description.filter(\.isNumber)
            let entries = HistoryFiles.entries(of: day)
            if !entries.isEmpty {
                let path = inbox.appendingPathComponent("camt054-\(compact).xml").path
                try HistoryFiles.writeNotification(day, entries: entries, seller: generator.seller,
                                                   version: options.camtVersion, to: path)
                files.append(path)
            }
            if let statement = statementForNextDay { files.append(statement) }
            statementForNextDay = nil
            if !day.decisions.isEmpty {
                let decisions = inbox.appendingPathComponent("decisions")
                try FileManager.default.createDirectory(at: decisions, withIntermediateDirectories: true)
                let path = decisions.appendingPathComponent("decisions-\(compact).csv").path
                try HistoryFiles.writeDecisions(day.decisions, to: path)
                files.append(path)
            }
            // The statement of the day's booked entries comes with the next business day's files.
            if index + 1 < options.days, entries.contains(where: \.isBooked) {
                let next = root.appendingPathComponent("days/\(generator.calendar.date(index + 1))/inbox")
                try FileManager.default.createDirectory(at: next, withIntermediateDirectories: true)
                let path = next.appendingPathComponent("camt053-\(compact).xml").path
                try HistoryFiles.writeStatement(
                    day, entries: entries, seller: generator.seller, version: options.camtVersion,
                    sequenceNumber: index + 1, delivered: generator.calendar.date(index + 1), to: path)
                statementForNextDay = path
                generator.countStatement(entries.filter(\.isBooked).count, on: index + 1)
            }
            let truthFile = folder.appendingPathComponent("truth.json").path
            try HistoryFiles.writeTruth(day, seed: options.seed, account: generator.seller.account, to: truthFile)
            return Day(
                date: day.date, directory: folder.path, files: files.sorted(), truthFile: truthFile,
                documents: day.documents.count,
                payments: day.booked.count + day.pending.count + day.reversals.count)
        }
    }
}

// MARK: - The day's plan, as the files and the truth need it

/// One transaction of a day's bank files.
struct BankLine {
    let archiveId: String
    let amount: Int64
    /// The reference as the payer wrote it.
    let reference: String?
    let text: String?
    let payerName: String
}

/// One invoice or credit note as the truth states it after the day's run.
struct TruthInvoice {
    let invoiceNumber: String
    let type: String
    let amount: Int64
    let reference: String
    let credited: Int64
    let paid: Int64
    let status: String
    let originalInvoiceNumber: String?
    let invoiceDate: LocalDate
    let dueDate: LocalDate
    let customer: String
    var open: Int64 { type == "credit_note" ? 0 : amount - credited - paid }
}

/// One payment as the truth states it after the day's run.
struct TruthPayment {
    let archiveId: String
    let isReversal: Bool
    let amount: Int64
    let paymentCase: WorkloadHistory.Case
    let reference: String?
    let status: String
    let reason: String?
    let unapplied: Int64
    let invoiceNumber: String?
    let bookingDate: LocalDate?
}

/// One row of the accountant's decisions file: what to do with a payment left unmatched (or an overpayment's excess).
struct DecisionLine {
    let archiveId: String
    /// `assign` (to `invoiceNumber`) or `refund`.
    let action: String
    let invoiceNumber: String?
    let note: String
}

/// The whole ledger's totals after a day's run.
struct LedgerTotals {
    var invoices = 0
    var creditNotes = 0
    var amount: Int64 = 0
    var paid: Int64 = 0
    var credited: Int64 = 0
    var payments = 0
    var unapplied: Int64 = 0
    /// Payments by status, indexed by `PaymentStatus`'s position.
    var statuses = [Int](repeating: 0, count: PaymentStatus.allCases.count)
    var open: Int64 { amount - paid - credited }
}

/// What a generated day holds: the files' content and the truth after the day's run.
struct DayPlan {
    let index: Int
    let date: LocalDate
    var documents: [WorkloadPlan.PlannedInvoice] = []
    /// Credits booked (`BOOK`) in one batched entry.
    var booked: [BankLine] = []
    /// Credits notified as pending (`PDNG`) in one batched entry.
    var pending: [BankLine] = []
    /// Reversals, one entry each.
    var reversals: [BankLine] = []
    var invoices: [TruthInvoice] = []
    var payments: [TruthPayment] = []
    var cases: [WorkloadHistory.Case: Int] = [:]
    /// The accountant's decisions on earlier days' payments, applied by the day's run before it matches.
    var decisions: [DecisionLine] = []
    var totals = LedgerTotals()
    /// The account balance before and after the day's booked entries (for the statement).
    var openingBalance: Int64 = 0
    var closingBalance: Int64 = 0
}

// MARK: - The generator

/// Plans each invoice's life when it is issued (delivery, credit note, payments under its customer's habit,
/// reversals), keeps it only while something is still to happen to it, and applies the ledger's rules
/// (docs/ledger.md) day by day to know what the truth says.
struct HistoryGenerator {
    let options: WorkloadHistory.Options
    let calendar: BusinessCalendar
    /// The company whose invoices a history issues and whose account its payments reach.
    static let seller = Seller(id: "1234567-1", name: "Kaukokiito Testi Oy", account: "FI2112345600000785")
    let seller = Self.seller
    let customers: [HistoryCustomer]
    private var random: SeededRandom
    /// Invoices with something still to happen, by serial number.
    private var live: [Int: LiveInvoice] = [:]
    /// What happens on each business day ahead, in the order it was planned.
    private var agenda: [Int: [Event]] = [:]
    private var nextInvoice = 0
    private var nextStranger = 0
    private var archiveSequence = 0
    private var totals = LedgerTotals()
    private var balance: Int64 = 25_000_000
    /// Statement entries counted for a day before it is generated (the statement is written the day before).
    private var statementEntries: [Int: Int] = [:]
    /// Strangers' payments the accountant refunds on a day ahead (a levelling backlog only).
    private var strangerRefunds: [Int: [TruthPayment]] = [:]
    private var levels: Bool { options.backlog == .levelsOff }

    init(options: WorkloadHistory.Options) {
        self.options = options
        calendar = BusinessCalendar(startingAtOrAfter: options.firstDay)
        random = SeededRandom(seed: options.seed)
        customers = HistoryCustomer.population(
            count: max(20, min(options.invoicesPerDay * 5, 1_000_000)), random: &random)
    }

    /// How many invoices are held because something is still to happen to them.
    var liveInvoiceCount: Int { live.count }

    /// Counts `count` statement entries delivered on day `index`.
    mutating func countStatement(_ count: Int, on index: Int) {
        statementEntries[index, default: 0] += count
    }

    // MARK: Identifiers

    /// Invoice numbers `1000000`, `1000001`, …: one per invoice over the whole history.
    static func invoiceNumber(_ serial: Int) -> String { String(1_000_000 + serial) }

    /// The Finnish reference of an invoice: base `10000000 + serial` (eight digits) and its 7-3-1 check digit.
    static func reference(_ serial: Int) -> CreditorReference {
        try! CreditorReference(finnishBase: String(10_000_000 + serial))
    }

    /// A reference no invoice has: ten-digit bases, so never an invoice's.
    static func strangerReference(_ number: Int) -> CreditorReference {
        try! CreditorReference(finnishBase: String(9_000_000_000 + number))
    }

    /// The reference as a customer with `style` writes it.
    static func written(_ reference: CreditorReference, _ style: PaymentHabit.ReferenceStyle) -> String {
        switch style {
        case .finnish: return reference.canonical
        case .rf: return reference.rfForm.printForm
        case .leadingZeros: return padded(0, to: 20 - reference.canonical.count) + reference.canonical
        }
    }

    /// Archive ids `GEN<YYYYMMDD>H<7 digits>`: the booking day's date and its running number.
    private func archiveId(day: Int, sequence: Int) -> String {
        "GEN\(calendar.date(day).description.filter(\.isNumber))H\(padded(sequence, to: 7))"
    }

    private mutating func newArchiveId(day: Int) -> String {
        archiveSequence += 1
        return archiveId(day: day, sequence: archiveSequence)
    }

    // MARK: A day

    /// Generates business day `index`: issues its invoices, lets the day's events happen, applies the ledger's
    /// rules, and returns the files' content and the truth.
    mutating func generateDay(_ index: Int) -> DayPlan {
        var day = DayPlan(index: index, date: calendar.date(index))
        archiveSequence = 0
        if let entries = statementEntries.removeValue(forKey: index) { day.cases[.statementEntry] = entries }
        for _ in 0..<options.invoicesPerDay { issue(on: index, into: &day) }
        for _ in 0..<max(1, options.invoicesPerDay / 100) { stranger(on: index, into: &day) }

        for payment in strangerRefunds.removeValue(forKey: index) ?? [] {
            day.decisions.append(DecisionLine(
                archiveId: payment.archiveId, action: "refund", invoiceNumber: nil, note: "no invoice has this reference"))
            totals.statuses[PaymentStatus.unmatched.position] -= 1
            totals.statuses[PaymentStatus.refunded.position] += 1
            day.payments.append(TruthPayment(
                archiveId: payment.archiveId, isReversal: false, amount: payment.amount,
                paymentCase: payment.paymentCase, reference: payment.reference,
                status: PaymentStatus.refunded.rawValue, reason: nil, unapplied: payment.unapplied,
                invoiceNumber: nil, bookingDate: payment.bookingDate))
        }
        var touched: [Int] = []
        for event in agenda.removeValue(forKey: index) ?? [] {
            guard var invoice = live[event.serial] else { continue }
            invoice.eventsAhead -= 1
            if invoice.touchedOn != index {
                invoice.touchedOn = index
                touched.append(event.serial)
            }
            happen(event.action, to: &invoice, on: index, into: &day)
            live[event.serial] = invoice
        }
        touched.sort()
        for serial in touched {
            var invoice = live[serial]!
            match(&invoice, on: index)
            report(invoice, on: index, into: &day)
            if invoice.eventsAhead == 0 {
                live.removeValue(forKey: serial)
            } else {
                live[serial] = invoice
            }
        }
        day.openingBalance = balance
        balance += day.booked.reduce(0) { $0 + $1.amount } - day.reversals.reduce(0) { $0 + $1.amount }
        day.closingBalance = balance
        day.invoices.sort { $0.invoiceNumber < $1.invoiceNumber }
        day.payments.sort { ($0.archiveId, $0.isReversal ? 1 : 0) < ($1.archiveId, $1.isReversal ? 1 : 0) }
        day.totals = totals
        return day
    }

    // MARK: Planning an invoice's life

    /// What happens to an invoice on a day.
    enum Action {
        /// Its Finvoice is delivered.
        case arrive
        /// Its credit note is delivered.
        case creditNote
        /// A payment is booked.
        case pay(amount: Int64, WorkloadHistory.Case)
        /// A payment is notified as pending; it is booked by the `book` the next business day.
        case pend(amount: Int64)
        /// The pending payment is booked.
        case book
        /// The payment at `original` in the invoice's payments is reversed.
        case reverse(original: Int, byArchiveId: Bool)
        /// The accountant decides the invoice's payments with money unapplied (a levelling backlog only).
        case decide
    }

    struct Event {
        let serial: Int
        let action: Action
    }

    /// Issues one invoice on day `index` and plans its life under its customer's habit.
    private mutating func issue(on index: Int, into day: inout DayPlan) {
        let serial = nextInvoice
        nextInvoice += 1
        let customerIndex = Int.random(in: 0..<customers.count, using: &random)
        let customer = customers[customerIndex]
        let habit = customer.habit
        let amount = max(500, customer.typicalCents * Int64.random(in: 60...140, using: &random) / 100)
        var invoice = LiveInvoice(
            serial: serial, customer: customerIndex, invoiceDate: day.date, amount: amount,
            writesRF: Int.random(in: 0..<10, using: &random) == 0)
        let neverPays = Int.random(in: 0..<1_000, using: &random) < habit.neverPaysPerMille
        let scenario = Int.random(in: 0..<1_000, using: &random)
        let jitter = Int.random(in: -habit.jitterDays...habit.jitterDays, using: &random)
        let habitDay = max(index, calendar.index(onOrAfter: invoice.dueDate.adding(days: habit.delayDays + jitter)))
        let dueDay = calendar.index(onOrAfter: invoice.dueDate)
        let timing: WorkloadHistory.Case = habitDay <= dueDay ? .onTime : .late

        var arrival = index
        var events: [(day: Int, action: Action)] = []
        if neverPays && levels {
            // Pays in the end, a month or two after its habit would have it.
            let later = calendar.date(habitDay).adding(days: Int.random(in: 10...40, using: &random))
            events.append((calendar.index(onOrAfter: later), .pay(amount: amount, .late)))
        } else if neverPays {
            day.cases[.unpaid, default: 0] += 1
        } else {
            switch scenario {
            case 0..<40:
                // One credit note in four cancels the whole invoice: nothing is left to pay.
                let isWhole = Int.random(in: 0..<4, using: &random) == 0
                let credit = isWhole ? amount : amount * Int64.random(in: 10...50, using: &random) / 100
                let creditDay = index + Int.random(in: 1...5, using: &random)
                invoice.credit = LiveCredit(amount: credit)
                events.append((creditDay, .creditNote))
                if !isWhole { events.append((max(habitDay, creditDay), .pay(amount: amount - credit, .creditNoteNet))) }
            case 40..<50:
                let credit = amount * Int64.random(in: 10...50, using: &random) / 100
                arrival = index + Int.random(in: 2...3, using: &random)
                invoice.credit = LiveCredit(amount: credit)
                events.append((index + 1, .creditNote))
                events.append((max(habitDay, arrival), .pay(amount: amount - credit, .creditNoteNet)))
            case 50..<70 where habit.kind == .prompt:
                // Only a customer who pays at once pays before the invoice has reached the ledger.
                arrival = index + Int.random(in: 1...3, using: &random)
                events.append((index, .pay(amount: amount, .beforeInvoice)))
            case 70..<90:
                let byArchiveId = Bool.random(using: &random)
                let reversalDay = habitDay + Int.random(in: 1...3, using: &random)
                events.append((habitDay, .pay(amount: amount, timing)))
                events.append((reversalDay, .reverse(original: 0, byArchiveId: byArchiveId)))
                if Bool.random(using: &random) || levels {
                    let repayDay = reversalDay + Int.random(in: 3...10, using: &random)
                    events.append((repayDay, .pay(amount: amount, .repayment)))
                }
            case 90..<110:
                let duplicateDay = habitDay + Int.random(in: 1...10, using: &random)
                events.append((habitDay, .pay(amount: amount, timing)))
                events.append((duplicateDay, .pay(amount: amount, .duplicate)))
                if levels { events.append((duplicateDay + Int.random(in: 1...10, using: &random), .decide)) }
            case 110..<130:
                let excess = Int64.random(in: 1...5_000, using: &random)
                events.append((habitDay, .pay(amount: amount + excess, .overpayment)))
                if levels { events.append((habitDay + Int.random(in: 1...10, using: &random), .decide)) }
            case 130..<140:
                events.append((habitDay, .pay(amount: amount, .wrongCheckDigit)))
                if levels { events.append((habitDay + Int.random(in: 1...10, using: &random), .decide)) }
            case 140..<150:
                events.append((habitDay, .pay(amount: amount, .invoiceNumberInText)))
                if levels { events.append((habitDay + Int.random(in: 1...10, using: &random), .decide)) }
            default:
                if Int.random(in: 0..<1_000, using: &random) < habit.partialPerMille {
                    let part = amount * Int64.random(in: 30...80, using: &random) / 100
                    events.append((habitDay, .pay(amount: part, .partial)))
                    if Int.random(in: 0..<10, using: &random) < 6 || levels {
                        let later = calendar.date(habitDay).adding(days: Int.random(in: 5...30, using: &random))
                        events.append((calendar.index(onOrAfter: later), .pay(amount: amount - part, .rest)))
                    }
                } else if Int.random(in: 0..<1_000, using: &random) < 30 && habitDay > index {
                    events.append((habitDay - 1, .pend(amount: amount)))
                    events.append((habitDay, .book))
                } else {
                    events.append((habitDay, .pay(amount: amount, timing)))
                }
            }
        }
        events.insert((arrival, .arrive), at: 0)
        for event in events where event.day < options.days {
            agenda[event.day, default: []].append(Event(serial: serial, action: event.action))
            invoice.eventsAhead += 1
        }
        if invoice.eventsAhead > 0 { live[serial] = invoice }
    }

    /// A payment whose valid reference no invoice has.
    private mutating func stranger(on index: Int, into day: inout DayPlan) {
        let reference = Self.strangerReference(nextStranger)
        nextStranger += 1
        let amount = Int64.random(in: 1_000...90_000, using: &random)
        let payer = customers[Int.random(in: 0..<customers.count, using: &random)].profile.name
        let line = BankLine(
            archiveId: newArchiveId(day: index), amount: amount, reference: reference.canonical, text: nil,
            payerName: payer)
        day.booked.append(line)
        standalone(line, .unknownReference, reason: .unknownReference, invoiceNumber: nil, on: index, into: &day)
        if levels, let payment = day.payments.last {
            strangerRefunds[index + Int.random(in: 1...10, using: &random), default: []].append(payment)
        }
    }

    /// Books a payment that never touches an invoice, however many runs follow: it stays unmatched.
    private mutating func standalone(
        _ line: BankLine, _ paymentCase: WorkloadHistory.Case, reason: UnappliedReason, invoiceNumber: String?,
        on index: Int, into day: inout DayPlan
    ) {
        day.cases[paymentCase, default: 0] += 1
        totals.payments += 1
        totals.statuses[PaymentStatus.unmatched.position] += 1
        totals.unapplied += line.amount
        day.payments.append(TruthPayment(
            archiveId: line.archiveId, isReversal: false, amount: line.amount, paymentCase: paymentCase,
            reference: line.reference, status: PaymentStatus.unmatched.rawValue, reason: reason.rawValue,
            unapplied: line.amount, invoiceNumber: invoiceNumber, bookingDate: day.date))
    }

    // MARK: Events

    private mutating func happen(
        _ action: Action, to invoice: inout LiveInvoice, on index: Int, into day: inout DayPlan
    ) {
        let customer = customers[invoice.customer]
        let number = Self.invoiceNumber(invoice.serial)
        let reference = Self.reference(invoice.serial)
        switch action {
        case .arrive:
            invoice.isBooked = true
            totals.invoices += 1
            totals.amount += invoice.amount
            day.documents.append(WorkloadPlan.PlannedInvoice(
                invoiceNumber: number, kind: .invoice, customer: customer.profile, invoiceDate: invoice.invoiceDate,
                dueDate: invoice.dueDate, amount: Amount(minorUnits: invoice.amount, currency: .euro),
                reference: reference,
                writesRFReference: invoice.writesRF, originalInvoiceNumber: nil,
                overdueInterestPercent: customer.profile.businessID == nil ? "11.5" : "12.5"))
        case .creditNote:
            invoice.credit!.bookedOn = index
            let noteCase: WorkloadHistory.Case = !invoice.isBooked
                ? .creditNoteBeforeInvoice : (invoice.credit!.amount == invoice.amount ? .wholeCreditNote : .creditNote)
            day.cases[noteCase, default: 0] += 1
            totals.creditNotes += 1
            day.documents.append(WorkloadPlan.PlannedInvoice(
                invoiceNumber: "H" + number, kind: .creditNote, customer: customer.profile, invoiceDate: day.date,
                dueDate: day.date, amount: Amount(minorUnits: -invoice.credit!.amount, currency: .euro),
                reference: reference, writesRFReference: false, originalInvoiceNumber: number,
                overdueInterestPercent: customer.profile.businessID == nil ? "11.5" : "12.5"))
        case .pay(let amount, .wrongCheckDigit):
            var digits = Array(reference.canonical)
            let last = digits.count - 1
            digits[last] = Character(String((digits[last].wholeNumberValue! + 1) % 10))
            let line = BankLine(
                archiveId: newArchiveId(day: index), amount: amount, reference: String(digits), text: nil,
                payerName: customer.profile.name)
            day.booked.append(line)
            standalone(line, .wrongCheckDigit, reason: .invalidReference, invoiceNumber: number, on: index, into: &day)
            if levels { keepForDecision(line, .wrongCheckDigit, .invalidReference, on: index, in: &invoice) }
        case .pay(let amount, .invoiceNumberInText):
            let line = BankLine(
                archiveId: newArchiveId(day: index), amount: amount, reference: nil, text: "Lasku \(number), kiitos",
                payerName: customer.profile.name)
            day.booked.append(line)
            standalone(line, .invoiceNumberInText, reason: .noReference, invoiceNumber: number, on: index, into: &day)
            if levels { keepForDecision(line, .invoiceNumberInText, .noReference, on: index, in: &invoice) }
        case .pay(let amount, let paymentCase):
            let payment = LivePayment(
                archiveId: newArchiveId(day: index), amount: amount, paymentCase: paymentCase,
                style: customer.habit.referenceStyle, bookedOn: index)
            day.cases[paymentCase, default: 0] += 1
            totals.payments += 1
            day.booked.append(line(payment, invoice: invoice))
            invoice.payments.append(payment)
        case .pend(let amount):
            var payment = LivePayment(
                archiveId: newArchiveId(day: index), amount: amount, paymentCase: .pending,
                style: customer.habit.referenceStyle, bookedOn: nil)
            payment.needsPlacing = false
            payment.status = .pending
            payment.changedOn = index
            day.cases[.pending, default: 0] += 1
            totals.payments += 1
            totals.statuses[PaymentStatus.pending.position] += 1
            day.pending.append(line(payment, invoice: invoice))
            invoice.payments.append(payment)
        case .book:
            let position = invoice.payments.firstIndex { $0.bookedOn == nil }!
            invoice.payments[position].bookedOn = index
            invoice.payments[position].needsPlacing = true
            day.booked.append(line(invoice.payments[position], invoice: invoice))
        case .reverse(let original, let byArchiveId):
            let target = invoice.payments[original]
            var reversal = LivePayment(
                archiveId: byArchiveId ? target.archiveId : newArchiveId(day: index), amount: target.amount,
                paymentCase: byArchiveId ? .reversalByArchiveId : .reversal, style: target.style, bookedOn: index)
            reversal.isReversal = true
            reversal.namesOriginal = byArchiveId
            day.cases[reversal.paymentCase, default: 0] += 1
            totals.payments += 1
            day.reversals.append(line(reversal, invoice: invoice))
            invoice.payments.append(reversal)
        case .decide:
            decide(&invoice, on: index, into: &day)
        }
    }

    /// Keeps a payment booked without the invoice's reference among the invoice's payments, already placed (and
    /// already in the day's truth), for the accountant's decision on a later day.
    private func keepForDecision(
        _ line: BankLine, _ paymentCase: WorkloadHistory.Case, _ reason: UnappliedReason, on index: Int,
        in invoice: inout LiveInvoice
    ) {
        var payment = LivePayment(
            archiveId: line.archiveId, amount: line.amount, paymentCase: paymentCase,
            style: customers[invoice.customer].habit.referenceStyle, bookedOn: index)
        payment.statedReference = .some(line.reference)
        payment.needsPlacing = false
        payment.status = .unmatched
        payment.reason = reason
        payment.unapplied = line.amount
        invoice.payments.append(payment)
    }

    /// The accountant's decision on each booked payment of the invoice with money unapplied, as the ledger applies
    /// it (docs/ledger.md, Decisions): one without the invoice's reference is assigned to the invoice; a duplicate is
    /// refunded (it stays unapplied, `refunded`); an overpayment's excess is refunded (it stays `matched`, nothing
    /// unapplied).
    private mutating func decide(_ invoice: inout LiveInvoice, on index: Int, into day: inout DayPlan) {
        let number = Self.invoiceNumber(invoice.serial)
        for position in invoice.payments.indices {
            let payment = invoice.payments[position]
            guard !payment.isReversal, payment.bookedOn != nil, !payment.needsPlacing, payment.unapplied > 0,
                payment.status == .unmatched || payment.status == .matched
            else { continue }
            if payment.status == .unmatched, payment.reason == .invalidReference || payment.reason == .noReference,
                invoice.isBooked, payment.unapplied <= invoice.open
            {
                day.decisions.append(DecisionLine(
                    archiveId: payment.archiveId, action: "assign", invoiceNumber: number,
                    note: "paid without the invoice's reference"))
                invoice.paid += payment.unapplied
                totals.paid += payment.unapplied
                invoice.payments[position].allocated = payment.unapplied
                set(&invoice.payments[position], .matched, nil, unapplied: 0, on: index)
            } else if payment.allocated > 0 {
                day.decisions.append(DecisionLine(
                    archiveId: payment.archiveId, action: "refund", invoiceNumber: nil, note: "overpaid"))
                set(&invoice.payments[position], .matched, nil, unapplied: 0, on: index)
            } else {
                day.decisions.append(DecisionLine(
                    archiveId: payment.archiveId, action: "refund", invoiceNumber: nil, note: "paid twice"))
                set(&invoice.payments[position], .refunded, nil, unapplied: payment.unapplied, on: index)
            }
        }
    }

    private func line(_ payment: LivePayment, invoice: LiveInvoice) -> BankLine {
        BankLine(
            archiveId: payment.archiveId, amount: payment.amount,
            reference: Self.written(Self.reference(invoice.serial), payment.style), text: nil,
            payerName: customers[invoice.customer].profile.name)
    }

    // MARK: The ledger's rules

    /// One run's matching for one invoice (docs/ledger.md): a credit note booked and waiting reduces the invoice
    /// once it is booked; then the payments to place, in booking order: those waiting for the invoice, the day's,
    /// reversals undoing the latest payment still in effect with the same reference and amount (or the one named).
    private mutating func match(_ invoice: inout LiveInvoice, on index: Int) {
        if invoice.isBooked, let credit = invoice.credit, credit.bookedOn != nil, !credit.isApplied {
            precondition(credit.amount <= invoice.open, "a credit note is planned never to exceed what is open")
            invoice.credited += credit.amount
            totals.credited += credit.amount
            invoice.credit!.isApplied = true
        }
        for position in invoice.payments.indices {
            let payment = invoice.payments[position]
            let isWaiting = payment.status == .unmatched && payment.reason == .unknownReference && invoice.isBooked
            guard payment.needsPlacing || isWaiting else { continue }
            invoice.payments[position].needsPlacing = false
            if payment.isReversal {
                let original = payment.namesOriginal
                    ? invoice.payments.indices.first {
                        !invoice.payments[$0].isReversal && invoice.payments[$0].archiveId == payment.archiveId
                    }
                    : invoice.payments.indices.last {
                        $0 < position && !invoice.payments[$0].isReversal
                            && invoice.payments[$0].amount == payment.amount && invoice.payments[$0].bookedOn != nil
                            && invoice.payments[$0].status != .reversed
                    }
                guard let original, invoice.payments[original].status != .reversed,
                    invoice.payments[original].bookedOn != nil
                else { preconditionFailure("a reversal is planned only for a payment in effect") }
                invoice.paid -= invoice.payments[original].allocated
                totals.paid -= invoice.payments[original].allocated
                invoice.payments[original].allocated = 0
                set(&invoice.payments[original], .reversed, nil, unapplied: 0, on: index)
                set(&invoice.payments[position], .reversal, nil, unapplied: 0, on: index)
            } else if !invoice.isBooked {
                set(&invoice.payments[position], .unmatched, .unknownReference, unapplied: payment.amount, on: index)
            } else if invoice.open == 0 {
                set(&invoice.payments[position], .unmatched, .invoiceSettled, unapplied: payment.amount, on: index)
            } else {
                let applied = min(payment.amount, invoice.open)
                invoice.paid += applied
                totals.paid += applied
                invoice.payments[position].allocated = applied
                let excess = payment.amount - applied
                set(&invoice.payments[position], .matched, excess > 0 ? .overpayment : nil, unapplied: excess,
                    on: index)
            }
        }
    }

    /// Gives a payment its outcome, keeping the ledger's totals.
    private mutating func set(
        _ payment: inout LivePayment, _ status: PaymentStatus, _ reason: UnappliedReason?, unapplied: Int64,
        on index: Int
    ) {
        if let old = payment.status { totals.statuses[old.position] -= 1 }
        totals.statuses[status.position] += 1
        totals.unapplied += unapplied - payment.unapplied
        payment.status = status
        payment.reason = reason
        payment.unapplied = unapplied
        payment.changedOn = index
    }

    /// Puts an invoice touched today, its credit note when delivered today, and its payments changed today in the
    /// day's truth.
    private func report(_ invoice: LiveInvoice, on index: Int, into day: inout DayPlan) {
        let number = Self.invoiceNumber(invoice.serial)
        let reference = Self.reference(invoice.serial).canonical
        let customer = customers[invoice.customer].key
        if invoice.isBooked {
            let open = invoice.open
            let status = open == 0
                ? (invoice.paid == 0 && invoice.credited > 0 ? "credited" : "paid")
                : (invoice.paid + invoice.credited > 0 ? "partially_paid" : "open")
            day.invoices.append(TruthInvoice(
                invoiceNumber: number, type: "invoice", amount: invoice.amount, reference: reference,
                credited: invoice.credited, paid: invoice.paid, status: status, originalInvoiceNumber: nil,
                invoiceDate: invoice.invoiceDate, dueDate: invoice.dueDate, customer: customer))
        }
        if let credit = invoice.credit, credit.bookedOn == index {
            day.invoices.append(TruthInvoice(
                invoiceNumber: "H" + number, type: "credit_note", amount: -credit.amount, reference: reference,
                credited: 0, paid: 0, status: "credit_note", originalInvoiceNumber: number, invoiceDate: day.date,
                dueDate: day.date, customer: customer))
        }
        for payment in invoice.payments where payment.changedOn == index {
            day.payments.append(TruthPayment(
                archiveId: payment.archiveId, isReversal: payment.isReversal, amount: payment.amount,
                paymentCase: payment.paymentCase,
                reference: payment.statedReference ?? .some(Self.written(Self.reference(invoice.serial), payment.style)),
                status: payment.status?.rawValue ?? PaymentStatus.pending.rawValue, reason: payment.reason?.rawValue,
                unapplied: payment.unapplied, invoiceNumber: number,
                bookingDate: payment.bookedOn.map { calendar.date($0) }))
        }
    }
}

/// An invoice with something still to happen to it.
struct LiveInvoice {
    let serial: Int
    let customer: Int
    let invoiceDate: LocalDate
    let amount: Int64
    let writesRF: Bool
    var isBooked = false
    var paid: Int64 = 0
    var credited: Int64 = 0
    var credit: LiveCredit?
    /// Its payments and reversals, in booking order.
    var payments: [LivePayment] = []
    /// Events planned within the history that have not happened yet.
    var eventsAhead = 0
    var touchedOn = -1

    init(serial: Int, customer: Int, invoiceDate: LocalDate, amount: Int64, writesRF: Bool) {
        self.serial = serial
        self.customer = customer
        self.invoiceDate = invoiceDate
        self.amount = amount
        self.writesRF = writesRF
    }

    var dueDate: LocalDate { invoiceDate.adding(days: 14) }
    var open: Int64 { amount - paid - credited }
}

/// An invoice's credit note.
struct LiveCredit {
    let amount: Int64
    var bookedOn: Int?
    var isApplied = false

    init(amount: Int64) { self.amount = amount }
}

/// A payment or reversal on an invoice, and its outcome so far.
struct LivePayment {
    let archiveId: String
    let amount: Int64
    let paymentCase: WorkloadHistory.Case
    let style: PaymentHabit.ReferenceStyle
    /// The reference as booked, when it is not the invoice's in the payer's style (a wrong check digit, or none).
    var statedReference: String??
    var isReversal = false
    /// A reversal that carries its original's archive id.
    var namesOriginal = false
    /// The business day it was booked (nil while only pending).
    var bookedOn: Int?
    /// Booked and not yet placed by a run.
    var needsPlacing = true
    /// nil until the first run places it (pending ones count as pending).
    var status: PaymentStatus?
    var reason: UnappliedReason?
    var unapplied: Int64 = 0
    /// What it pays on the invoice.
    var allocated: Int64 = 0
    var changedOn = -1

    init(
        archiveId: String, amount: Int64, paymentCase: WorkloadHistory.Case, style: PaymentHabit.ReferenceStyle,
        bookedOn: Int?
    ) {
        self.archiveId = archiveId
        self.amount = amount
        self.paymentCase = paymentCase
        self.style = style
        self.bookedOn = bookedOn
    }
}

extension PaymentStatus {
    /// The status's index in `LedgerTotals.statuses`.
    var position: Int { Self.allCases.firstIndex(of: self)! }
}
