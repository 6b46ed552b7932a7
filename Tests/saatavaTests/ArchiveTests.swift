import Foundation
import SystemIO
import TestSupport
import XCTest

/// The bytes an archived `x.gz` restores to, decompressed in saatava's way (GzipFile).
func archivedBytes(_ url: URL) throws -> Data {
    var bytes = Data()
    try GzipFile.decompress(url.path) { bytes.append(contentsOf: $0) }
    return bytes
}

/// The archive (docs/operations.md, "The archive"): each processed input kept gzip-compressed with its SHA-256,
/// restorable to the very bytes with `gzip -dc` and `sha256sum -c`, readable by `saatava parse` as it is.
final class ArchiveTests: XCTestCase {
    private let asOf = "2026-11-27"

    /// `saatava parse` of a file, with each record's `file` set to `name` (the one field that tells two paths apart).
    private func parsed(_ path: String, as name: String) throws -> [String] {
        let result = try runSaatava(["parse", path])
        XCTAssertEqual(result.status, 0, result.standardError)
        return try result.standardOutput.split(separator: "\n").map { line in
            var record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            record["file"] = name
            return String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self)
        }
    }

    func test_generatedDay_archiveHoldsGzipCopiesThatRestoreTheVeryBytes_inAQuarterOfTheSpaceAtMost() throws {
        let root = try temporaryDirectory("archive")
        let generated = try runSaatava(["gen", "--invoices", "2000", "--as-of", asOf, "--out", root.path])
        XCTAssertEqual(generated.status, 0, generated.standardError)
        let work = try Workdir(in: root)
        try work.drop("payments.ktl", HandMade.ktl(day: asOf, [("K1", "12344", 4550, false, nil)]))
        let inbox = root.appendingPathComponent("inbox")
        let originals = root.appendingPathComponent("originals")
        try FileManager.default.copyItem(at: inbox, to: originals)
        let names = try FileManager.default.contentsOfDirectory(atPath: originals.path).filter { $0 != "decisions" }.sorted()
        XCTAssertEqual(names.count, 3, "a camt.054, a Finvoice batch and a KTL file")

        try work.run(asOf)

        let archive = root.appendingPathComponent("archive/\(asOf)")
        let archived = try FileManager.default.contentsOfDirectory(atPath: archive.path).sorted()
        XCTAssertEqual(archived, (names.map { $0 + ".gz" } + ["SHA256SUMS"]).sorted())
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: inbox.path), ["decisions"], "the inbox is empty")
        var inputBytes = 0
        var archiveBytes = 0
        let restored = root.appendingPathComponent("restored")
        try FileManager.default.createDirectory(at: restored, withIntermediateDirectories: true)
        for name in names {
            let original = try Data(contentsOf: originals.appendingPathComponent(name))
            let copy = archive.appendingPathComponent(name + ".gz")
            XCTAssertEqual(try archivedBytes(copy), original, name)
            let attributes = try FileManager.default.attributesOfItem(atPath: copy.path)
            XCTAssertEqual(attributes[.posixPermissions] as? Int, 0o640, name)
            inputBytes += original.count
            archiveBytes += (attributes[.size] as? Int) ?? 0
            // The documented restore: gzip -dc, then sha256sum -c against the folder's SHA256SUMS.
            let gzip = try runProgram("/bin/sh", ["-c", "gzip -dc \"$0\" > \"$1\"", copy.path, restored.appendingPathComponent(name).path])
            XCTAssertEqual(gzip.status, 0, gzip.standardError)
            XCTAssertEqual(try Data(contentsOf: restored.appendingPathComponent(name)), original, name)
            // saatava parse reads the archived copy as it reads the original.
            XCTAssertEqual(try parsed(copy.path, as: name), try parsed(originals.appendingPathComponent(name).path, as: name), name)
        }
        try FileManager.default.copyItem(at: archive.appendingPathComponent("SHA256SUMS"), to: restored.appendingPathComponent("SHA256SUMS"))
        let check = try runProgram("/usr/bin/env", ["sha256sum", "-c", "SHA256SUMS"], in: restored.path)
        XCTAssertEqual(check.status, 0, check.standardOutput + check.standardError)
        XCTAssertEqual(check.standardOutput.split(separator: "\n").sorted(), names.map { "\($0): OK"[...] })
        archiveBytes += (try FileManager.default.attributesOfItem(atPath: archive.appendingPathComponent("SHA256SUMS").path)[.size] as? Int) ?? 0
        XCTAssertLessThanOrEqual(archiveBytes * 4, inputBytes, "archive \(archiveBytes) bytes of \(inputBytes)")
    }

    func test_aNameArchivedBefore_isKeptAndTheNewFileArchivedBesideIt() throws {
        let work = try Workdir(in: try temporaryDirectory("archive-again"))
        try work.drop("invoices.xml", HandMade.finvoice("INV1", amount: "100.00", reference: "1232"))
        try work.run(asOf)
        try work.drop("invoices.xml", HandMade.finvoice("INV2", amount: "200.00", reference: "1245"))
        try work.run(asOf)
        let archive = work.root.appendingPathComponent("archive/\(asOf)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: archive.path).sorted(),
                       ["SHA256SUMS", "invoices.xml.2.gz", "invoices.xml.gz"])
        XCTAssertTrue(String(decoding: try archivedBytes(archive.appendingPathComponent("invoices.xml.gz")), as: UTF8.self).contains("INV1"))
        XCTAssertTrue(String(decoding: try archivedBytes(archive.appendingPathComponent("invoices.xml.2.gz")), as: UTF8.self).contains("INV2"))
        let sums = try String(contentsOf: archive.appendingPathComponent("SHA256SUMS"), encoding: .utf8)
        XCTAssertEqual(sums.split(separator: "\n").map { $0.split(separator: " ").last.map(String.init) }, ["invoices.xml", "invoices.xml.2"])
    }

    /// Archiving runs beside the posting (docs/operations.md, "What it holds"): a copy that cannot be written stops the
    /// run with 73 and blames no input (nothing quarantined, every file still in the inbox); once the archive can be
    /// written, the next run archives each file, finding it booked, and books nothing twice.
    func test_archiveThatCannotBeWritten_stopsTheRun_andTheNextRunArchivesWhatWasBooked() throws {
        /// A ledger a day old, then a generated day and a hand-made batch in the inbox.
        func day() throws -> Workdir {
            let work = try Workdir(in: try temporaryDirectory("archive-blocked"))
            try work.run("2026-11-26")
            let generated = try runSaatava(["gen", "--invoices", "600", "--seed", "3", "--as-of", asOf, "--out", work.root.path])
            XCTAssertEqual(generated.status, 0, generated.standardError)
            try work.drop("more.xml", HandMade.finvoice("HAND-1", amount: "100.00", reference: "1232"))
            return work
        }
        let clean = try day()
        try clean.run(asOf)

        let work = try day()
        let inbox = work.root.appendingPathComponent("inbox")
        let names = try FileManager.default.contentsOfDirectory(atPath: inbox.path).filter { $0 != "decisions" }.sorted()
        XCTAssertEqual(names.count, 3)
        // The day's archive folder cannot be made: a file has its name.
        let blocked = work.root.appendingPathComponent("archive/\(asOf)")
        try "not a folder\n".write(to: blocked, atomically: true, encoding: .utf8)
        let failed = try work.run(asOf, expect: 73)
        XCTAssertTrue(failed.standardError.contains("archive/\(asOf)"), failed.standardError)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: inbox.path).filter { $0 != "decisions" }.sorted(), names)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work.root.appendingPathComponent("quarantine").path), [])

        try FileManager.default.removeItem(at: blocked)
        try work.run(asOf)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: inbox.path), ["decisions"], "the inbox is empty")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: blocked.path).sorted(),
                       (names.map { $0 + ".gz" } + ["SHA256SUMS"]).sorted())
        for view in ["invoices", "payments"] {
            let (stopped, uninterrupted) = (try work.view(view), try clean.view(view))
            XCTAssertGreaterThan(uninterrupted.count, 500, view)
            XCTAssertEqual(stopped.count, uninterrupted.count, "\(view): each booked once")
            XCTAssertEqual(stopped.map { $0 as NSDictionary }, uninterrupted.map { $0 as NSDictionary }, view)
        }
    }

    func test_parse_damagedGzip_isBadData() throws {
        let root = try temporaryDirectory("archive-damaged")
        let file = root.appendingPathComponent("cut.xml")
        let gzip = try runProgram("/bin/sh", ["-c", "printf '<Document>' | gzip -c | head -c 15 > \"$0\"", file.path])
        XCTAssertEqual(gzip.status, 0, gzip.standardError)
        let result = try runSaatava(["parse", file.path])
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.standardError, "\(file.path): cannot decompress: unexpected end of file\n")
    }

    func test_retention_deletesOnlyArchiveDaysTheLawNoLongerKeeps() throws {
        let work = try Workdir(in: try temporaryDirectory("retention"), config: """
            { "workdir": ".", "retention": { "archiveYears": 6, "financialYearEnd": "31.12." } }
            """)
        for day in ["2020-12-31", "2021-01-01"] {
            try FileManager.default.createDirectory(
                at: work.root.appendingPathComponent("archive/\(day)"), withIntermediateDirectories: true)
            try "x".write(to: work.root.appendingPathComponent("archive/\(day)/old.xml.gz"), atomically: true, encoding: .utf8)
        }
        try work.drop("invoices.xml", HandMade.finvoice("INV1", amount: "100.00", reference: "1232"))
        let result = try work.run("2027-01-01", ["--init"])
        XCTAssertTrue(result.standardError.contains("archive/2020-12-31 deleted: kept through 2026-12-31"), result.standardError)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work.root.appendingPathComponent("archive").path).sorted(),
                       ["2021-01-01", "2027-01-01"])
        let summary = try JSONSerialization.jsonObject(
            with: Data(contentsOf: work.root.appendingPathComponent("outbox/2027-01-01/run-summary.json"))) as! [String: Any]
        XCTAssertEqual((summary["retention"] as? [String: Any])?["archiveDaysDeleted"] as? [String], ["2020-12-31"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: work.ledger), "the ledger is never deleted")
    }
}
