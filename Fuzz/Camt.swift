import BankFiles
import Receivables
import XMLStreaming

// camt.053/.054 (any version) through the streaming reader. Contract (Support/FileReaderHarness.swift): payments,
// or an XMLError at a line and column of the file (never another error, never a crash); each payment exact
// (Support/RecordChecks.swift); the same input read again gives the same outcome (no state kept between files).

/// A small valid notification, read between inputs now and then.
private let reference: [UInt8] = Array(
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M</MsgId>\
    </GrpHdr><Ntfctn><Acct><Id><IBAN>FI2112345600000785</IBAN></Id></Acct><Ntry><Amt Ccy="EUR">12.30</Amt>\
    <CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-27</Dt></BookgDt><AcctSvcrRef>A1</AcctSvcrRef>\
    <NtryDtls><TxDtls><RmtInf><Strd><CdtrRefInf><Ref>1232</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls>\
    </Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>
    """.utf8)

nonisolated(unsafe) private var harness = FileReaderHarness<Payment, XMLError>(
    inputName: "camt.xml", reference: reference, referenceRecords: 1, read: CamtParser.parse, place: \.location,
    check: checkPayment)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCamt(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    harness.run(data, size)
    return 0
}
