import Receivables

/// Places payments on open invoices: a pure function from open items, credit notes and payments to
/// allocations and outcomes, each with the rule that decided it. It does no I/O; the ledger applies its result.
///
/// Order of work: credit notes reduce their invoices first; then each payment in the order given (booking
/// date, then the order the bank reported them): reversals undo their original, receipts are applied by
/// reference, oldest due date first; then unmatched payments get suggestions, applied only for the rules
/// named in `autoApply`.
public struct MatchingEngine: Sendable {
    /// Suggestion rules whose suggestions are applied without asking the accountant.
    public var autoApply: Set<MatchRule>

    /// An engine that applies the given suggestion rules automatically (none by default).
    public init(autoApply: Set<MatchRule> = []) {
        self.autoApply = autoApply
    }

    /// What one matching pass concluded.
    public struct Result: Sendable {
        /// Money placed on invoices by payments.
        public var allocations: [Allocation] = []
        /// Credit notes placed on invoices (`paymentId` is the credit note's id).
        public var creditAllocations: [Allocation] = []
        /// Allocations of earlier runs that reversals undid.
        public var undone: [Allocation] = []
        /// What became of each payment, by its id.
        public var outcomes: [Int64: PaymentOutcome] = [:]
        /// Credit beyond what its invoice still owed: the customer's credit, by credit note number.
        public var customerCredits: [String: Int64] = [:]
        /// Every open item after the pass.
        public var openItems: [OpenItem] = []

        /// A result that places nothing.
        public init() {}
    }

    /// Runs one matching pass.
    /// - Parameters:
    ///   - openItems: The invoices with what they still owe (settled ones too, with `open` 0: a payment for them
    ///     is a likely duplicate). Changed in place when the caller hands it over (`consume`), else copied.
    ///   - credits: Credit notes not yet applied.
    ///   - payments: Payments to place, in order.
    ///   - priorPayments: Payments matched on earlier runs, which reversals in `payments` may undo (those no
    ///     reversal in `payments` can name are passed over: see `ReversalTargets`).
    public func match(
        openItems: consuming [OpenItem], credits: [CreditToApply], payments: [PaymentToMatch], priorPayments: [PriorPayment]
    ) -> Result {
        var state = MatchingState(
            items: consume openItems, reversalTargets: ReversalTargets(of: payments), prior: priorPayments)
        state.result.outcomes.reserveCapacity(payments.count)
        state.result.allocations.reserveCapacity(payments.count)
        for credit in credits { state.apply(credit) }
        for payment in payments { state.place(payment) }
        let unmatched = payments.filter { state.result.outcomes[$0.id]?.status == .unmatched }
        state.indexOpenAmounts(asked: unmatched)
        for payment in unmatched { state.suggest(for: payment, autoApply: autoApply) }
        if !state.undoneInThisPass.isEmpty {
            state.result.allocations.removeAll { state.undoneInThisPass.contains($0.paymentId) }
        }
        state.result.openItems = state.items
        return state.result
    }
}

/// The working state of one pass.
private struct MatchingState {
    var items: [OpenItem]
    var result = MatchingEngine.Result()
    /// Open-item indices by reference key, oldest due date first.
    private let byKey: [String: ItemIndices]
    private let byNumber: [String: Int]
    /// What the reversals of this pass can name: only payments that one of them can name are remembered.
    private let reversalTargets: ReversalTargets
    /// Payments a reversal may undo (earlier runs' and this run's matched ones), by account, reference and
    /// amount, latest last.
    private var reversible: [PriorPayment] = []
    private var reversibleByKey: [ReversalKey: [Int]] = [:]
    /// The same payments by account and archive id, for reversals that name their original.
    private var reversibleByArchiveId: [ArchiveKey: Int] = [:]
    private var reversed: Set<Int64> = []
    /// Payments of this pass that a later reversal undid: their allocations are dropped at the end.
    var undoneInThisPass: Set<Int64> = []
    /// Open-item indices by what they owe, for the suggestion pass (after every payment is placed): only for the
    /// amounts of the payments left unmatched, the only amounts a suggestion asks for.
    private var byOpenAmount: [Int64: [Int]] = [:]
    private var askedAmounts: Set<Int64> = []

    init(items: consuming [OpenItem], reversalTargets: ReversalTargets, prior: [PriorPayment]) {
        self.items = items
        self.reversalTargets = reversalTargets
        var byKey: [String: ItemIndices] = [:]
        var byNumber: [String: Int] = [:]
        byKey.reserveCapacity(self.items.count)
        byNumber.reserveCapacity(self.items.count)
        for (index, item) in self.items.enumerated() {
            if let key = item.referenceKey { byKey[key, default: ItemIndices()].append(index) }
            byNumber[item.invoiceNumber] = index
        }
        for (key, indices) in byKey where indices.count > 1 {
            byKey[key] = ItemIndices(indices.sorted { [items = self.items] in
                (items[$0].dueDate ?? .distantFuture, items[$0].invoiceNumber)
                    < (items[$1].dueDate ?? .distantFuture, items[$1].invoiceNumber)
            })
        }
        self.byKey = byKey
        self.byNumber = byNumber
        for payment in prior { remember(payment) }
    }

    // MARK: Credit notes

    mutating func apply(_ credit: CreditToApply) {
        var remaining = credit.amount
        let targets = credit.originalInvoiceNumber.flatMap { byNumber[$0] }.map { ItemIndices($0) }
            ?? credit.referenceKey.flatMap { byKey[$0] } ?? ItemIndices()
        for index in targets where remaining > 0 && items[index].open > 0 {
            let applied = min(remaining, items[index].open)
            items[index].open -= applied
            remaining -= applied
            result.creditAllocations.append(
                Allocation(paymentId: credit.id, item: items[index], amount: applied, rule: .creditNote))
        }
        if remaining > 0 { result.customerCredits[credit.creditNoteNumber] = remaining }
    }

    // MARK: Payments

    mutating func place(_ entry: PaymentToMatch) {
        guard let amount = entry.amount else {
            record(entry.id, .unmatched, reason: .ambiguous, unapplied: 0)
            return
        }
        if entry.isReversal {
            reverse(entry, amount: amount)
            return
        }
        guard entry.isBookedAndKept else {
            record(entry.id, .ignored, reason: nil, unapplied: 0)
            return
        }
        guard entry.direction == .credit else {
            record(entry.id, .unmatched, reason: .debit, unapplied: amount)
            return
        }
        let targets: [(key: String, cap: Int64)]
        let rule: MatchRule
        if !entry.parts.isEmpty {
            targets = entry.parts.map { ($0.referenceKey, $0.amount) }
            rule = .part
        } else {
            switch entry.reference {
            case nil:
                record(entry.id, .unmatched, reason: .noReference, unapplied: amount)
                return
            case .invalid:
                record(entry.id, .unmatched, reason: .invalidReference, unapplied: amount)
                return
            case .valid(let reference):
                targets = [(reference.matchingKey, amount)]
                rule = .reference
            }
        }
        var remaining = amount
        var knownTarget = false
        var currencyMismatch = false
        var allocations: [Allocation] = []
        for target in targets {
            guard let indices = byKey[target.key] else { continue }
            knownTarget = true
            var cap = min(target.cap, remaining)
            for index in indices where cap > 0 && items[index].open > 0 {
                guard items[index].currency == entry.currency else {
                    currencyMismatch = true
                    continue
                }
                let applied = min(cap, items[index].open)
                items[index].open -= applied
                cap -= applied
                remaining -= applied
                allocations.append(Allocation(paymentId: entry.id, item: items[index], amount: applied, rule: rule))
            }
        }
        result.allocations += allocations
        if allocations.isEmpty {
            let reason: UnappliedReason = currencyMismatch ? .currency : (knownTarget ? .invoiceSettled : .unknownReference)
            record(entry.id, .unmatched, reason: reason, unapplied: amount)
        } else {
            record(entry.id, .matched, reason: remaining > 0 ? .overpayment : nil, unapplied: remaining)
            remember(PriorPayment(id: entry.id, archiveId: entry.archiveId, account: entry.account,
                                  referenceKey: targets.first?.key, amount: amount, bookingDate: nil, allocations: allocations))
        }
    }

    private mutating func remember(_ payment: PriorPayment) {
        guard reversalTargets.mayName(payment) else { return }
        reversibleByKey[ReversalKey(payment.account, payment.referenceKey, payment.amount), default: []].append(reversible.count)
        reversibleByArchiveId[ArchiveKey(account: payment.account, archiveId: payment.archiveId)] = reversible.count
        reversible.append(payment)
    }

    /// Undoes the original of a reversal: the payment with the archive id the reversal carries, where the bank
    /// gives it; else the latest with the same account, reference and amount. Never one already reversed.
    private mutating func reverse(_ entry: PaymentToMatch, amount: Int64) {
        var candidates: [Int] = []
        if let named = reversibleByArchiveId[ArchiveKey(account: entry.account, archiveId: entry.archiveId)] {
            candidates.append(named)
        }
        if let key = entry.reference?.matchingKey {
            candidates += (reversibleByKey[ReversalKey(entry.account, key, amount)] ?? []).reversed()
        }
        guard let position = candidates.first(where: { !reversed.contains(reversible[$0].id) }) else {
            record(entry.id, .unmatched, reason: .reversalUnmatched, unapplied: 0)
            return
        }
        let original = reversible[position]
        reversed.insert(original.id)
        for allocation in original.allocations {
            if let index = byNumber[allocation.invoiceNumber] { items[index].open += allocation.amount }
        }
        if result.outcomes[original.id] != nil {
            undoneInThisPass.insert(original.id)
        } else {
            result.undone += original.allocations
        }
        result.outcomes[original.id] = PaymentOutcome(status: .reversed, reason: nil, unapplied: 0)
        var outcome = PaymentOutcome(status: .reversal, reason: nil, unapplied: 0)
        outcome.reverses = original.id
        result.outcomes[entry.id] = outcome
    }

    private mutating func record(_ id: Int64, _ status: PaymentOutcome.Status, reason: UnappliedReason?, unapplied: Int64) {
        result.outcomes[id] = PaymentOutcome(status: status, reason: reason, unapplied: unapplied)
    }

    // MARK: Suggestions

    mutating func indexOpenAmounts(asked payments: [PaymentToMatch]) {
        askedAmounts = Set(payments.compactMap(\.amount))
        for index in items.indices where items[index].open > 0 && askedAmounts.contains(items[index].open) {
            byOpenAmount[items[index].open, default: []].append(index)
        }
    }

    mutating func suggest(for entry: PaymentToMatch, autoApply: Set<MatchRule>) {
        guard var outcome = result.outcomes[entry.id], let amount = entry.amount else { return }
        guard let suggestion = invoiceNumberInText(entry, amount: amount)
            ?? referenceTypo(entry, amount: amount) ?? amountAndName(entry, amount: amount)
        else { return }
        outcome.suggestion = suggestion
        if autoApply.contains(suggestion.rule), let index = byNumber[suggestion.invoiceNumber], items[index].open > 0,
            items[index].currency == entry.currency
        {
            let applied = min(amount, items[index].open)
            byOpenAmount[items[index].open]?.removeAll { $0 == index }
            items[index].open -= applied
            if items[index].open > 0 && askedAmounts.contains(items[index].open) {
                byOpenAmount[items[index].open, default: []].append(index)
            }
            result.allocations.append(
                Allocation(paymentId: entry.id, item: items[index], amount: applied, rule: suggestion.rule))
            outcome.status = .matched
            outcome.unapplied = amount - applied
            outcome.reason = outcome.unapplied > 0 ? .overpayment : nil
        }
        result.outcomes[entry.id] = outcome
    }

    private func invoiceNumberInText(_ payment: PaymentToMatch, amount: Int64) -> Suggestion? {
        guard let text = payment.remittanceText else { return nil }
        let tokens = text.split { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "/" }
        for token in tokens {
            guard let index = byNumber[String(token)], items[index].open > 0 else { continue }
            return Suggestion(
                invoiceNumber: items[index].invoiceNumber, rule: .invoiceNumberInText,
                confidence: items[index].open == amount ? 0.9 : 0.6)
        }
        return nil
    }

    /// One digit changed, or two adjacent digits swapped, that makes a valid reference of exactly one open invoice
    /// owing exactly this amount.
    private func referenceTypo(_ payment: PaymentToMatch, amount: Int64) -> Suggestion? {
        guard let stated = payment.reference else { return nil }
        let digits = Array(stated.text.utf8.filter { $0 >= 0x30 && $0 <= 0x39 })
        guard digits.count >= 4, digits.count <= 25, !stated.text.uppercased().hasPrefix("RF") else { return nil }
        var candidates: Set<String> = []
        func consider(_ variant: [UInt8]) {
            // Nine in ten variants fail the check digit: they are never made into text and parsed.
            guard CreditorReference.endsInFinnishCheckDigit(variant),
                let reference = try? CreditorReference(parsing: String(decoding: variant, as: UTF8.self)),
                let indices = byKey[reference.matchingKey]
            else { return }
            for index in indices where items[index].open == amount { candidates.insert(items[index].invoiceNumber) }
        }
        for position in digits.indices {
            var variant = digits
            for digit in UInt8(0x30)...0x39 where digit != digits[position] {
                variant[position] = digit
                consider(variant)
            }
            if position + 1 < digits.count && digits[position] != digits[position + 1] {
                var swapped = digits
                swapped.swapAt(position, position + 1)
                consider(swapped)
            }
        }
        guard candidates.count == 1 else { return nil }
        return Suggestion(invoiceNumber: candidates.first!, rule: .referenceTypo, confidence: 0.8)
    }

    /// The only open invoice owing exactly this amount, if its customer's name shares a word with the payer's.
    private func amountAndName(_ payment: PaymentToMatch, amount: Int64) -> Suggestion? {
        guard let payer = payment.payerName else { return nil }
        let payerWords = Self.nameWords(payer)
        guard !payerWords.isEmpty else { return nil }
        let sameAmount = (byOpenAmount[amount] ?? []).filter { items[$0].currency == payment.currency }
        guard sameAmount.count == 1, let name = items[sameAmount[0]].customerName,
            !payerWords.isDisjoint(with: Self.nameWords(name))
        else { return nil }
        return Suggestion(invoiceNumber: items[sameAmount[0]].invoiceNumber, rule: .amountAndName, confidence: 0.5)
    }

    /// The distinctive words of a name: lower case, three letters or more, without company forms.
    private static func nameWords(_ name: String) -> Set<String> {
        let forms: Set<String> = ["oy", "oyj", "ab", "ky", "tmi", "ay", "ltd", "gmbh"]
        return Set(name.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 3 && !forms.contains($0) })
    }
}

/// What the reversals among a pass's payments can name: their archive ids (a bank may give a reversal its
/// original's), and their accounts, reference keys and amounts. A matched payment that none of them can name
/// cannot be undone in the pass, so neither the ledger nor the engine needs to keep it.
public struct ReversalTargets: Sendable {
    private var archiveKeys: Set<ArchiveKey> = []
    private var reversalKeys: Set<ReversalKey> = []
    /// The amounts in `reversalKeys`: a cheap first test, as nearly every payment asked about has another amount.
    private var amounts: Set<Int64> = []

    /// What the reversals among `payments` can name.
    public init(of payments: [PaymentToMatch]) {
        for payment in payments where payment.isReversal {
            archiveKeys.insert(ArchiveKey(account: payment.account, archiveId: payment.archiveId))
            if let key = payment.reference?.matchingKey, let amount = payment.amount {
                reversalKeys.insert(ReversalKey(payment.account, key, amount))
                amounts.insert(amount)
            }
        }
    }

    /// Whether there is no reversal among the payments, so that nothing can be named.
    public var isEmpty: Bool { archiveKeys.isEmpty }

    /// Whether one of the reversals can name this matched payment as its original.
    public func mayName(_ payment: PriorPayment) -> Bool {
        archiveKeys.contains(ArchiveKey(account: payment.account, archiveId: payment.archiveId))
            || amounts.contains(payment.amount)
                && reversalKeys.contains(ReversalKey(payment.account, payment.referenceKey, payment.amount))
    }
}

/// The open items under one reference key, oldest due date first: nearly always one, kept without an array.
private struct ItemIndices: Sequence {
    private var first: Int?
    private var rest: [Int] = []

    init() {}
    init(_ index: Int) { first = index }
    init(_ indices: [Int]) {
        first = indices.first
        rest = Array(indices.dropFirst())
    }

    var count: Int { first == nil ? 0 : 1 + rest.count }

    mutating func append(_ index: Int) {
        if first == nil { first = index } else { rest.append(index) }
    }

    func makeIterator() -> Iterator { Iterator(indices: self) }

    struct Iterator: IteratorProtocol {
        let indices: ItemIndices
        var position = 0

        mutating func next() -> Int? {
            defer { position += 1 }
            if position == 0 { return indices.first }
            return position <= indices.rest.count ? indices.rest[position - 1] : nil
        }
    }
}

/// What a reversal is matched to its original by: the account, the reference and the amount.
private struct ReversalKey: Hashable {
    let account: String?
    let referenceKey: String?
    let amount: Int64

    init(_ account: String?, _ referenceKey: String?, _ amount: Int64) {
        self.account = account
        self.referenceKey = referenceKey
        self.amount = amount
    }
}

/// A payment's account and archive id, by which a reversal may name its original.
private struct ArchiveKey: Hashable {
    let account: String?
    let archiveId: String
}

extension LocalDate {
    /// A date after every real one, to sort items without a due date last.
    static let distantFuture = LocalDate(year: 9999, month: 12, day: 31)!
}
