import BankFiles
import Receivables
import XCTest

/// The camt shapes of domain.md §1.4, the batching styles, reversals, returns and control totals.
final class CamtParserTests: XCTestCase {
    private let payment = """
        <TxDtls><Refs><AcctSvcrRef>A1</AcctSvcrRef></Refs>
        <AmtDtls><TxAmt><Amt Ccy="EUR">120.00</Amt></TxAmt></AmtDtls>
        <RltdPties><Dbtr><Nm>Meikäläinen Matti</Nm></Dbtr></RltdPties>
        <RmtInf><Strd><CdtrRefInf><Ref>00000000000000001232</Ref></CdtrRefInf></Strd></RmtInf>
        <RltdDts><AccptncDtTm>2025-03-09T00:00:00</AccptncDtTm></RltdDts></TxDtls>
        """

    private func entry(_ details: String, amount: String = "120.00", extra: String = "<Sts>BOOK</Sts>") -> String {
        """
        <Ntry><Amt Ccy="EUR">\(amount)</Amt><CdtDbtInd>CRDT</CdtDbtInd>\(extra)
        <BookgDt><Dt>2025-03-10</Dt></BookgDt><ValDt><DtTm>2025-03-11T08:00:00+02:00</DtTm></ValDt>
        <AcctSvcrRef>E1</AcctSvcrRef><NtryDtls>\(details)</NtryDtls></Ntry>
        """
    }

    private func parse(_ document: String) throws -> Parsed {
        try parseCamt(try temporaryFile("camt.xml", Array(document.utf8)))
    }

    func test_version02_readsEveryField() throws {
        let parsed = try parse(camt054(entry(payment)))
        XCTAssertEqual(parsed.diagnostics, [])
        let read = try XCTUnwrap(parsed.payments.first)
        XCTAssertEqual(read.format, "camt.054.001.02")
        XCTAssertEqual(read.account, "FI2112345600000785")
        XCTAssertEqual(read.messageId, "M1")
        XCTAssertEqual(read.entryArchiveId, "E1")
        XCTAssertEqual(read.archiveId, "A1")
        XCTAssertEqual(read.bookingDate?.description, "2025-03-10")
        XCTAssertEqual(read.valueDate?.description, "2025-03-11")
        XCTAssertEqual(read.paymentDate?.description, "2025-03-09")
        XCTAssertEqual(read.amount?.description, "120.00 EUR")
        XCTAssertEqual(read.reference, .valid(try CreditorReference(parsing: "1232")))
        XCTAssertEqual(read.payerName, "Meikäläinen Matti")
        XCTAssertEqual(read.entryStatus, .booked)
        XCTAssertTrue(read.isMoneyReceived)
    }

    func test_version08Shapes_stsCodeAndPartyName() throws {
        let details = payment.replacingOccurrences(
            of: "<Dbtr><Nm>Meikäläinen Matti</Nm></Dbtr>", with: "<Dbtr><Pty><Nm>Meikäläinen Matti</Nm></Pty></Dbtr>")
        let parsed = try parse(camt054(version: "08", entry(details, extra: "<Sts><Cd>BOOK</Cd></Sts>")))
        XCTAssertEqual(parsed.payments.map(\.payerName), ["Meikäläinen Matti"])
        XCTAssertEqual(parsed.payments.map(\.entryStatus), [.booked])
        XCTAssertEqual(parsed.payments.map(\.format), ["camt.054.001.08"])
    }

    func test_version04_transactionAmountAndItsOwnDirectionWin() throws {
        let details = payment.replacingOccurrences(
            of: "<AmtDtls>", with: #"<Amt Ccy="EUR">120.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><AmtDtls>"#)
        let parsed = try parse(camt054(version: "04", entry(details.replacingOccurrences(of: ">120.00</Amt></TxAmt>", with: ">999.99</Amt></TxAmt>"))))
        XCTAssertEqual(parsed.payments.map(\.summary), ["A1 120.00 EUR debit 1232"])
    }

    func test_batchOfManyTransactions_andOneEntryWithoutDetails() throws {
        let second = payment.replacingOccurrences(of: "A1", with: "A2").replacingOccurrences(of: "120.00", with: "45.50")
            .replacingOccurrences(of: "00000000000000001232", with: "RF08 1234 4")
        let batch = entry("<Btch><NbOfTxs>2</NbOfTxs><TtlAmt Ccy=\"EUR\">165.50</TtlAmt></Btch>" + payment + second, amount: "165.50")
        let single = "<Ntry><Amt Ccy=\"EUR\">7.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><AcctSvcrRef>E2</AcctSvcrRef></Ntry>"
        let parsed = try parse(camt054(batch + single))
        XCTAssertEqual(parsed.payments.map(\.summary), [
            "A1 120.00 EUR credit 1232", "A2 45.50 EUR credit RF0812344", "E2/1 7.00 EUR credit -",
        ])
        XCTAssertEqual(parsed.diagnostics, [])
    }

    func test_version01_rootNameAndTransactionsDirectlyInTheEntry() throws {
        let document = camt054(version: "01", "<Ntry><Amt Ccy=\"EUR\">120.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>" + payment + "</Ntry>",
            root: "BkToCstmrDbtCdtNtfctnV01")
        XCTAssertEqual(try parse(document).payments.map(\.summary), ["A1 120.00 EUR credit 1232"])
    }

    func test_processingInstructionsMinifiedAndCRLF_readTheSame() throws {
        let expected = try parse(camt054(entry(payment))).payments.map(\.summary)
        let withInstruction = camt054(entry(payment)).replacingOccurrences(
            of: "?>\n<Document", with: "?>\n<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?>\n<Document")
        let minified = camt054(entry(payment)).replacingOccurrences(of: "\n", with: "")
        let crlf = camt054(entry(payment)).replacingOccurrences(of: "\n", with: "\r\n")
        for variant in [withInstruction, minified, crlf] {
            XCTAssertEqual(try parse(variant).payments.map(\.summary), expected)
        }
    }

    func test_reversalReturnPendingAndInformation_areNotMoneyReceived() throws {
        let reversal = "<Ntry><Amt Ccy=\"EUR\">45.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts>"
            + "<AcctSvcrRef>R1</AcctSvcrRef></Ntry>"
        let returned = entry(payment.replacingOccurrences(
            of: "</TxDtls>", with: "<RtrInf><Rsn><Cd>AC01</Cd></Rsn><AddtlInf>1+TILIÄ EI LÖYDY</AddtlInf></RtrInf></TxDtls>"))
        let pending = entry(payment.replacingOccurrences(of: "A1", with: "P1"), extra: "<Sts>PDNG</Sts>")
        let information = entry(payment.replacingOccurrences(of: "A1", with: "I1"), extra: "<Sts>INFO</Sts>")
        let parsed = try parse(camt054(reversal + returned + pending + information))
        XCTAssertEqual(parsed.payments.map(\.isReversal), [true, false, false, false])
        XCTAssertEqual(parsed.payments.map(\.direction), [.debit, .credit, .credit, .credit])
        XCTAssertEqual(parsed.payments.map(\.returnReason), [nil, "AC01", nil, nil])
        XCTAssertEqual(parsed.payments.map(\.entryStatus.name), ["booked", "booked", "pending", "info"])
        XCTAssertEqual(parsed.payments.map(\.isMoneyReceived), [false, false, false, false])
    }

    func test_severalStructuredBlocks_becomePartsAndTheFirstReferenceLeads() throws {
        let details = """
            <TxDtls><Refs><AcctSvcrRef>S1</AcctSvcrRef></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">6000.54</Amt></TxAmt></AmtDtls>
            <RmtInf><Ustrd>kiitos</Ustrd>
            <Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>9580572</Nb></RfrdDocInf>
            <RfrdDocAmt><RmtdAmt Ccy="EUR">6256.70</RmtdAmt></RfrdDocAmt></Strd>
            <Strd><RfrdDocAmt><CdtNoteAmt Ccy="EUR">256.16</CdtNoteAmt></RfrdDocAmt>
            <CdtrRefInf><Ref>RF18 5390 0754 7034</Ref></CdtrRefInf></Strd>
            <Strd><CdtrRefInf><Ref>1231</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>
            """
        let read = try XCTUnwrap(try parse(camt054(entry(details, amount: "6000.54"))).payments.first)
        XCTAssertEqual(read.reference?.text, "RF18539007547034")
        XCTAssertEqual(read.remittanceText, "kiitos")
        XCTAssertEqual(read.parts.map { $0.amount?.decimalString }, ["6256.70", "-256.16", nil])
        XCTAssertEqual(read.parts.map { $0.reference?.kindName }, [nil, "rf", "invalid"])
        XCTAssertEqual(read.parts.map(\.documentNumber), ["9580572", nil, nil])
    }

    func test_controlTotalsThatDoNotAddUp_areWarningsWithTheLine() throws {
        let summary = "<TxsSummry><TtlNtries><NbOfNtries>3</NbOfNtries><Sum>200</Sum></TtlNtries></TxsSummry>"
        let batch = entry("<Btch><NbOfTxs>2</NbOfTxs><TtlAmt Ccy=\"EUR\">100.00</TtlAmt></Btch>" + payment, amount: "125.00")
        let path = try temporaryFile("camt.xml", Array(camt054(summary + batch).utf8))
        let parsed = try parseCamt(path)
        XCTAssertEqual(parsed.payments.count, 1, "mismatches never stop the file")
        XCTAssertEqual(parsed.diagnostics.map { $0.replacingOccurrences(of: path, with: "camt.xml") }, [
            "camt.xml:5:1: warning: Btch/NbOfTxs says 2 transactions, the entry holds 1",
            "camt.xml:5:1: warning: Btch/TtlAmt says 100.00 EUR, the transactions add up to 120.00 EUR",
            "camt.xml:5:1: warning: Ntry/Amt is 125.00 EUR credit, the transactions add up to 120.00 EUR",
            "camt.xml:5:1: warning: TxsSummry says 3 entries, the report holds 1",
            "camt.xml:5:1: warning: TxsSummry says the entries sum to 200.00 EUR, they sum to 125.00 EUR",
        ])
    }

    func test_totalsBeyond64Bits_areAWarningNotACrash() throws {
        let huge = payment.replacingOccurrences(of: "120.00", with: "92233720368547758.07")
        let second = huge.replacingOccurrences(of: "A1", with: "A2")
        let parsed = try parse(camt054(entry(huge + second, amount: "92233720368547758.07")))
        XCTAssertEqual(parsed.payments.count, 2)
        XCTAssertTrue(parsed.diagnostics.contains { $0.hasSuffix("in several currencies or too large: their total cannot be checked") },
                      "\(parsed.diagnostics)")
    }

    func test_badDataInAField_namesTheFileLineAndField() throws {
        let document = camt054(entry(payment.replacingOccurrences(of: ">120.00<", with: ">12,3,4<")))
        let path = try temporaryFile("bad.xml", Array(document.utf8))
        XCTAssertThrowsError(try parseCamt(path)) { error in
            XCTAssertEqual("\(error)", "\(path):8:1: Amt: '12,3,4' is not an amount (expected digits with at most one '.' or ',' and an optional sign)")
        }
    }

    func test_notCamt_andEmptyDocument_areRefusedClearly() throws {
        let missing = fixture("dvbern-iso20022__v00104-invalid__camt_054_Beispiel_NotificationMissing.xml")
        XCTAssertThrowsError(try parseCamt(missing)) { error in
            XCTAssertEqual("\(error)", "\(missing):2:1: not a camt.054 or camt.053 document: its root is <Document> in namespace none")
        }
        let empty = try temporaryFile("empty.xml", Array(#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.04"/>"#.utf8))
        XCTAssertThrowsError(try parseCamt(empty)) { error in
            XCTAssertTrue("\(error)".hasSuffix("the document holds no notification or statement (BkToCstmrDbtCdtNtfctn or BkToCstmrStmt)"), "\(error)")
        }
    }

    func test_everySample_parses() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture(""))
            .filter { $0.hasSuffix(".xml") && !$0.contains("invalid") }
        XCTAssertEqual(names.count, 20)
        for name in names {
            XCTAssertFalse(try parseCamt(fixture(name)).payments.isEmpty, name)
        }
    }
}
