import Foundation
import PeerTestSupport
import Testing

/// The deployment files as their own tools read them: the systemd units through `systemd-analyze
/// verify` (no warning at all: a misspelt hardening key is only a warning to systemd, and would
/// silently harden nothing) and `systemd-analyze security` (exposure in its "OK" band), the
/// Kubernetes manifests through kubernetes-validate (PyPI).
@Suite struct DeploymentTests {
    /// The units with ExecStart pointing at the built tool (verify checks the binary exists).
    static func units() throws -> String {
        let directory = try Tool.temporaryDirectory()
        for name in ["peercert.service", "peercert.timer"] {
            let text = try String(contentsOfFile: TestPaths.repositoryRoot + "/deploy/systemd/" + name, encoding: .utf8)
                .replacingOccurrences(of: "/opt/peercert/peercert", with: Tool.executable)
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func theSystemdUnitsVerifyWithoutAWarning() throws {
        let directory = try Self.units()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let verify = try ExternalTool.run(["systemd-analyze", "verify", directory + "/peercert.service", directory + "/peercert.timer"])
        #expect(verify.ok, "\(verify.output)")
        #expect(verify.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(verify.output)")
    }

    @Test func theServiceIsHardened() throws {
        let directory = try Self.units()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let security = try ExternalTool.run(["systemd-analyze", "security", "--offline=yes", directory + "/peercert.service"])
        let line = try #require(security.output.split(separator: "\n").first { $0.contains("Overall exposure level") }, "\(security.output)")
        let level = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }, "\(line)")
        #expect(level <= 2.0, "\(line)")
    }

    /// Every manifest against the Kubernetes API schemas, strictly (an unknown or misspelt field fails).
    @Test func theKubernetesManifestsValidate() throws {
        let directory = TestPaths.repositoryRoot + "/deploy/kubernetes"
        let manifests = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(manifests == ["configmap.yaml", "cronjob.yaml", "reports-pvc.yaml", "secret.example.yaml", "sharded-cronjob.yaml"])
        let check = try ExternalTool.run(["python3", "-m", "kubernetes_validate", "--strict"] + manifests.map { directory + "/" + $0 })
        #expect(check.ok, "\(check.output)")
        #expect(check.output.components(separatedBy: " passed for resource ").count - 1 == manifests.count, "\(check.output)")
    }
}
