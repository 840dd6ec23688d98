import CoreMetrics
import Metrics
import Prometheus

/// Request metrics for `GET /metrics`: Hummingbird's MetricsMiddleware records every request
/// through swift-metrics (by route pattern, method and status: never a key, number or name), and
/// swift-prometheus keeps them in a registry rendered in Prometheus' text format.
public enum MetricsExport {
    /// Makes the registry and bootstraps swift-metrics with it: once per process.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // swift-metrics labels use dots ("http.server.request.duration"); Prometheus names may not.
        factory.nameAndLabelSanitizer = { name, labels in
            (sanitized(name), labels.map { (sanitized($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }

    static func sanitized(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") ? $0 : "_" })
    }
}
