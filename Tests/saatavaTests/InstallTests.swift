import Foundation
import TestSupport
import XCTest

/// The install (Makefile, pipelines/systemd/, docs/operations.md): `make install-files` staged into a temporary
/// DESTDIR with the binary these tests built, the files and their modes, the example config, the units checked by
/// `systemd-analyze verify` inside the staged tree, and, as root, the unit's ExecStart run as its user
/// (scripts/check-install.sh).
final class InstallTests: XCTestCase {
    /// Not the default, so that the units' ExecStart must have been rewritten to find the binary.
    private let prefix = "/opt/saatava-test"
    private let units = ["saatava@.service", "saatava@.timer", "saatava-alert@.service"]

    // MARK: Helpers

    /// Runs `make TARGET` in the package's root with the staging root, the prefix and the built binary.
    @discardableResult
    private func make(_ target: String, into stage: URL, expect status: Int32 = 0,
                      file: StaticString = #filePath, line: UInt = #line) throws -> ProcessResult {
        let result = try runProgram(
            "/usr/bin/make",
            ["-C", packageRoot.path, "--no-print-directory", target, "DESTDIR=\(stage.path)", "PREFIX=\(prefix)",
             "SAATAVA_BIN=\(builtSaatava)"])
        XCTAssertEqual(result.status, status, "make \(target): \(result.standardOutput)\(result.standardError)",
                       file: file, line: line)
        return result
    }

    /// A file's permission bits.
    private func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// Every file below a folder, as paths relative to it.
    private func files(under folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)!
        return enumerator.compactMap { $0 as? String }.filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &isFolder)
                && !isFolder.boolValue
        }.sorted()
    }

    /// The staged example config with its workdir set to `workdir`, written into `folder`.
    private func exampleConfig(from stage: URL, workdir: URL, into folder: URL, uncommented: Bool = false) throws -> String {
        var text = try String(contentsOf: stage.appendingPathComponent("etc/saatava/example.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: #""workdir": "[^"]*""#, with: "\"workdir\": \"\(workdir.path)\"", options: .regularExpression)
        if uncommented {
            // The commented-out sections: lines whose text after "// " is JSON (a key, or a closing brace).
            text = text.replacingOccurrences(of: #"(?m)^(\s*)// (\s*["}])"#, with: "$1$2", options: .regularExpression)
        }
        let path = folder.appendingPathComponent(uncommented ? "uncommented.json" : "example.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    // MARK: Files

    func testStagedInstallPutsEachFileInPlaceWithItsMode() throws {
        let stage = try temporaryDirectory("install")
        let result = try make("install-files", into: stage)
        XCTAssertTrue(result.standardOutput.contains("skipped creating the user saatava"), result.standardOutput)

        let binary = stage.appendingPathComponent("\(prefix.dropFirst())/bin/saatava")
        XCTAssertEqual(try mode(binary), 0o755)
        let installedVersion = try runProgram(binary.path, ["--version"])
        XCTAssertEqual(installedVersion.status, 0)
        XCTAssertEqual(installedVersion.standardOutput, try runSaatava(["--version"]).standardOutput)

        for unit in units {
            let installed = stage.appendingPathComponent("etc/systemd/system/\(unit)")
            XCTAssertEqual(try mode(installed), 0o644, unit)
            let shipped = try String(contentsOf: packageRoot.appendingPathComponent("pipelines/systemd/\(unit)"), encoding: .utf8)
            XCTAssertEqual(try String(contentsOf: installed, encoding: .utf8),
                           shipped.replacingOccurrences(of: "@BINDIR@", with: "\(prefix)/bin"), unit)
        }
        let service = try String(contentsOf: stage.appendingPathComponent("etc/systemd/system/saatava@.service"), encoding: .utf8)
        XCTAssertTrue(lines(service).contains("ExecStart=\(prefix)/bin/saatava run --config /etc/saatava/%i.json"), service)
        XCTAssertFalse(service.contains("@BINDIR@"))

        XCTAssertEqual(try mode(stage.appendingPathComponent("etc/saatava")), 0o750)
        XCTAssertEqual(try mode(stage.appendingPathComponent("etc/saatava/example.json")), 0o640)
        XCTAssertEqual(try mode(stage.appendingPathComponent("srv/saatava")), 0o750)

        let samples = packageRoot.appendingPathComponent("samples")
        let installedSamples = stage.appendingPathComponent("\(prefix.dropFirst())/share/saatava/samples")
        XCTAssertTrue(files(under: samples).contains("README.md"))
        XCTAssertEqual(files(under: installedSamples), files(under: samples))
        for name in files(under: samples) {
            XCTAssertEqual(try Data(contentsOf: installedSamples.appendingPathComponent(name)),
                           try Data(contentsOf: samples.appendingPathComponent(name)), name)
            XCTAssertEqual(try mode(installedSamples.appendingPathComponent(name)), 0o644, name)
        }
    }

    func testExampleConfigIsAcceptedAsShippedAndWithItsSectionsUncommented() throws {
        let stage = try temporaryDirectory("install")
        let scratch = try temporaryDirectory("install-config")
        try make("install-files", into: stage)
        let workdir = scratch.appendingPathComponent("work")

        for uncommented in [false, true] {
            let config = try exampleConfig(from: stage, workdir: workdir, into: scratch, uncommented: uncommented)
            let policy = try runSaatava(["policy", "--config", config])
            XCTAssertEqual(policy.status, 0, "uncommented: \(uncommented): \(policy.standardError)")
            XCTAssertFalse(policy.standardOutput.isEmpty)
        }
        let uncommented = try String(contentsOfFile: scratch.appendingPathComponent("uncommented.json").path, encoding: .utf8)
        XCTAssertTrue(uncommented.contains("\n  \"creditor\": {"), uncommented)
        XCTAssertTrue(uncommented.contains("\n  \"delivery\": {"), uncommented)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workdir.path), "reading the config created its workdir")

        // The same check refuses a config the pipeline would refuse, so the passes above mean something.
        let broken = scratch.appendingPathComponent("broken.json").path
        try String(contentsOfFile: scratch.appendingPathComponent("example.json").path, encoding: .utf8)
            .replacingOccurrences(of: "\"autoApply\": []", with: "\"autoApply\": [\"guess\"]")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        XCTAssertEqual(try runSaatava(["policy", "--config", broken]).status, 64)
    }

    func testReinstallKeepsAnEditedExampleAndUninstallKeepsConfigsAndWorkdirs() throws {
        let stage = try temporaryDirectory("install")
        try make("install-files", into: stage)
        let example = stage.appendingPathComponent("etc/saatava/example.json")
        let edited = try String(contentsOf: example, encoding: .utf8) + "// edited here\n"
        try edited.write(to: example, atomically: true, encoding: .utf8)
        let creditorConfig = stage.appendingPathComponent("etc/saatava/acme.json")
        try "{ \"workdir\": \"/srv/saatava/acme\" }\n".write(to: creditorConfig, atomically: true, encoding: .utf8)
        let ledger = stage.appendingPathComponent("srv/saatava/acme/state/saatava.sqlite")
        try FileManager.default.createDirectory(at: ledger.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("ledger".utf8).write(to: ledger)

        let again = try make("install-files", into: stage)
        XCTAssertTrue(again.standardOutput.contains("kept \(example.path)"), again.standardOutput)
        XCTAssertEqual(try String(contentsOf: example, encoding: .utf8), edited)

        // An enabled timer stops the uninstall before anything is removed.
        let wants = stage.appendingPathComponent("etc/systemd/system/timers.target.wants")
        try FileManager.default.createDirectory(at: wants, withIntermediateDirectories: true)
        let enabled = wants.appendingPathComponent("saatava@acme.timer")
        try FileManager.default.createSymbolicLink(atPath: enabled.path, withDestinationPath: "/etc/systemd/system/saatava@.timer")
        let refused = try make("uninstall", into: stage, expect: 2)
        XCTAssertTrue(refused.standardError.contains("systemctl disable --now saatava@acme.timer"), refused.standardError)
        let binary = stage.appendingPathComponent("\(prefix.dropFirst())/bin/saatava")
        XCTAssertTrue(FileManager.default.fileExists(atPath: binary.path))
        try FileManager.default.removeItem(at: enabled)

        try make("uninstall", into: stage)
        XCTAssertFalse(FileManager.default.fileExists(atPath: binary.path))
        for unit in units {
            XCTAssertFalse(FileManager.default.fileExists(atPath: stage.appendingPathComponent("etc/systemd/system/\(unit)").path), unit)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: stage.appendingPathComponent("\(prefix.dropFirst())/share/saatava").path))
        XCTAssertEqual(try String(contentsOf: example, encoding: .utf8), edited)
        XCTAssertEqual(try String(contentsOf: creditorConfig, encoding: .utf8), "{ \"workdir\": \"/srv/saatava/acme\" }\n")
        XCTAssertEqual(try Data(contentsOf: ledger), Data("ledger".utf8))

        // The example as shipped is the install's own file, and goes with it.
        try FileManager.default.removeItem(at: example)
        try make("install-files", into: stage)
        XCTAssertTrue(FileManager.default.fileExists(atPath: example.path))
        try make("uninstall", into: stage)
        XCTAssertFalse(FileManager.default.fileExists(atPath: example.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: creditorConfig.path))
    }

    // MARK: Units

    /// `systemd-analyze verify --root=<staged tree>` loads the units from the staged /etc/systemd/system, expands the
    /// instance, and checks that each ExecStart= names an executable inside the staged tree. The tree gets from this
    /// machine only what an installed system has and the install does not bring: systemd's own units (the
    /// timers.target and network-online.target ours name, and the default dependencies) and /bin/sh (the alert's
    /// command).
    func testUnitsPassSystemdAnalyzeVerifyInTheStagedTree() throws {
        guard let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            XCTFail("systemd-analyze is missing: install the Debian package systemd (.ci/run does) to check the units")
            return
        }
        let stage = try temporaryDirectory("install")
        try make("install-files", into: stage)
        try FileManager.default.createDirectory(at: stage.appendingPathComponent("usr/lib/systemd"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: stage.appendingPathComponent("bin"), withIntermediateDirectories: true)
        XCTAssertEqual(try runProgram("/bin/cp", ["-R", "/usr/lib/systemd/system", stage.appendingPathComponent("usr/lib/systemd").path]).status, 0)
        XCTAssertEqual(try runProgram("/bin/cp", ["/bin/sh", stage.appendingPathComponent("bin/sh").path]).status, 0)

        let instances = ["saatava@demo.service", "saatava@demo.timer", "saatava-alert@saatava@demo.service.service"]
        let verified = try runProgram(analyze, ["verify", "--root=\(stage.path)"] + instances)
        let printed = lines(verified.standardOutput) + lines(verified.standardError)
        XCTAssertEqual(verified.status, 0, printed.joined(separator: "\n"))
        XCTAssertEqual(printed.filter { $0.contains("saatava") }, [], "systemd-analyze verify warns about our units")

        // Without the installed binary the same check fails: ExecStart= is looked up in the staged tree.
        try FileManager.default.removeItem(at: stage.appendingPathComponent("\(prefix.dropFirst())/bin/saatava"))
        let missing = try runProgram(analyze, ["verify", "--root=\(stage.path)", "saatava@demo.service"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.standardError.contains("\(prefix)/bin/saatava is not executable"), missing.standardError)
    }

    // MARK: The service's user

    /// scripts/check-install.sh: the staged unit's ExecStart, run as User=saatava with its UMask on a generated day,
    /// books every file and leaves a ledger and outputs that belong to saatava and are closed to others.
    func testServiceCommandRunsAsTheServiceUserOnAGeneratedDay() throws {
        guard getuid() == 0 else { throw XCTSkip("needs root to create the saatava user and run as it with runuser") }
        let script = packageRoot.appendingPathComponent("scripts/check-install.sh").path
        let result = try runProgram("/bin/bash", [script], environment: ["SAATAVA_BIN": builtSaatava])
        XCTAssertEqual(result.status, 0, result.standardOutput + result.standardError)
        XCTAssertTrue(result.standardOutput.contains("check-install: ok: exit 0"), result.standardOutput + result.standardError)
    }
}
