#pragma once

#include <QString>
#include <optional>

namespace sk::bench {

// One figure of a scenario, and its raw-SQLite twin when there is one.
struct Metric {
    // Times: lower is better, ratio = value / raw. Rates: higher is better,
    // ratio = raw / value. Either way a ratio above 1 says how many times
    // slower Storekeeper is than the raw sqlite3 C API doing the same work.
    enum class Kind { Time, Rate };

    QString name;                // "first_paint_ms"
    double value = 0;
    QString unit;                // "ms", "rows/s"
    std::optional<double> raw;   // the same work through the sqlite3 C API
    Kind kind = Kind::Time;
    int runs = 1;                // how many samples the median was taken over
};

// Writes one JSON object per line on stdout:
// {"scenario":..,"metric":..,"value":..,"unit":..,"raw":..,"ratio":..,"runs":..}
// Keys keep this order (QJsonObject would sort them) so that the lines read
// well in a terminal as well as in jq.
class MetricWriter {
public:
    explicit MetricWriter(QString scenario) : m_scenario(std::move(scenario)) {}
    void write(const Metric &metric);

    static QString format(const QString &scenario, const Metric &metric);

private:
    QString m_scenario;
};

} // namespace sk::bench
