#pragma once

#include "reports/ReportTable.h"

#include <QChartView>

namespace sk {

// Draws a ReportTable's chart: a line over the days, bars over weeks or
// months, horizontal bars for the largest categories, vendors, clerks or
// products, a pie for tenders. Hidden by the page when a report has none.
class ReportChartView : public QChartView {
    Q_OBJECT

public:
    explicit ReportChartView(QWidget *parent = nullptr);

    void setTable(const ReportTable &table);
    // How many points, bars or slices the chart holds now.
    int valueCount() const { return m_valueCount; }

private:
    void showLine(QChart *chart, const ReportTable &table);
    void showBars(QChart *chart, const ReportTable &table, bool horizontal);
    void showPie(QChart *chart, const ReportTable &table);

    int m_valueCount = 0;
};

} // namespace sk
