#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace sk {

// What a report shows, already worded for people: the table's columns, its
// rows and totals row, and the figures its chart draws (one value per row,
// in major units of the currency or in units).
struct ReportTable {
    enum class Chart { None, Line, Bars, HorizontalBars, Pie };

    QString title;
    QStringList headers;
    QList<bool> rightAligned;       // per column: figures, read by their last digit
    QList<QStringList> rows;
    QStringList totals;             // empty: no totals row
    Chart chart = Chart::None;
    QString valueTitle;             // what the chart's values are, e.g. "Net (EUR)"
    QStringList chartLabels;
    QList<double> chartValues;
    QList<qint64> chartDays;        // Line charts: each point's day, msecs since the epoch
    QString categoryTitle;          // Bar charts over time: what the short labels leave out ("November 2026")
    QString dateFormat;             // Line charts: how the time axis writes a day
};

} // namespace sk
