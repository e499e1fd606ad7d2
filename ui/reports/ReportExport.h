#pragma once

#include "core/Result.h"
#include "reports/ReportTable.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QPixmap>

namespace sk {

// Writes what the Reports page shows to files. Each file is written through
// QSaveFile, so a failure leaves no half-written file behind.
class ReportExport {
    Q_DECLARE_TR_FUNCTIONS(ReportExport)

public:
    // The table as shown, header, rows and totals.
    static QByteArray tableCsv(const ReportTable &table);
    static Status writeFile(const QString &path, const QByteArray &bytes);
    // A4 portrait: the title, the range, the chart and the table, on as
    // many pages as the rows need.
    static Status writePdf(const QString &path, const QString &title, const QString &subtitle,
                           const QPixmap &chart, const ReportTable &table);
};

} // namespace sk
