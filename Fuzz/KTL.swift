import BankFiles
import Receivables

// KTL (viitesiirtoaineisto), fixed-width 90-character records. Contract (Support/FileReaderHarness.swift): payments,
// or a KTLError at a line and a column of a record (never another error, never a crash); each payment in euros,
// exact, never negative (the sign is the correction flag, a debit), with an archive id no wider than its field
// (positions 28–43); the same input read again gives the same outcome.

/// samples/bank/django-jbank__data_svm_547392460.SVM (a batch of one payment), read between inputs now and then.
private let reference: [UInt8] = Array(
    ("01802051946470208406991                                                                   \r\n"
        + "34730001041631018020518020402042588WWRV021200000000000000013013KATAJAINEN J1 00000049000J \r\n"
        + "9000001000000049000000000000000000000000000000000000                                      \r\n").utf8)

nonisolated(unsafe) private var harness = FileReaderHarness<Payment, KTLError>(
    inputName: "ktl.txt", reference: reference, referenceRecords: 1, read: KTLParser.parse,
    place: { SourceLocation(file: $0.file, line: $0.line, column: $0.column) }, check: checkKTLPayment)

private func checkKTLPayment(_ payment: Payment, file: String) {
    checkPayment(payment, file: file)
    require(payment.currency == .euro, "a KTL payment in \(payment.currency)")
    require(payment.amount.map { !$0.isNegative } == true, "a KTL payment without a non-negative amount")
    require(payment.archiveId.count <= 16, "archive id '\(payment.archiveId)' wider than its field")
    require(payment.isReversal == (payment.direction == .debit), "a debit that is not a correction")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKTL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    harness.run(data, size)
    return 0
}
