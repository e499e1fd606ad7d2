#pragma once

#include <QLocale>
#include <QString>
#include <QVariantMap>

namespace sk {

struct ShiftReport;

// An X report (shift still open) or a Z report (closed) as placeholders for
// the shift.txt / shift.html templates (docs/receipts.md).
class ShiftReportReceipt {
public:
    static QVariantMap context(const ShiftReport &report, const QString &shopName,
                               const QLocale &locale = QLocale());
};

} // namespace sk
