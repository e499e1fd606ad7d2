#include "MetricWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

QString jsonString(const QString &text)
{
    // Serialise a one-element array and strip the brackets: correct escaping
    // without writing an escaper.
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QString jsonNumber(std::optional<double> number)
{
    if (!number || !std::isfinite(*number))
        return u"null"_s;
    // Three decimals are far below the noise of any figure printed here.
    const double rounded = std::round(*number * 1000.0) / 1000.0;
    return QString::number(rounded, 'f', 3).remove(QRegularExpression(u"\\.?0+$"_s));
}

} // namespace

QString MetricWriter::format(const QString &scenario, const Metric &metric)
{
    std::optional<double> ratio;
    if (metric.raw && *metric.raw > 0 && metric.value > 0)
        ratio = metric.kind == Metric::Kind::Time ? metric.value / *metric.raw : *metric.raw / metric.value;
    return u"{\"scenario\":%1,\"metric\":%2,\"value\":%3,\"unit\":%4,\"raw\":%5,\"ratio\":%6,\"runs\":%7}"_s
        .arg(jsonString(scenario), jsonString(metric.name), jsonNumber(metric.value), jsonString(metric.unit),
             jsonNumber(metric.raw), jsonNumber(ratio))
        .arg(metric.runs);
}

void MetricWriter::write(const Metric &metric)
{
    const QByteArray line = format(m_scenario, metric).toUtf8();
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace sk::bench
