#pragma once

#include "sales/ShiftService.h"

#include <QDialog>

class QTextBrowser;

namespace sk {

// An X report (the shift so far) or a Z report (the shift as closed),
// read-only and printable: sales, tax, discounts, refunds, cash movements,
// the totals per tender and the cash expected (and counted) in the drawer.
class ShiftReportDialog : public QDialog {
    Q_OBJECT

public:
    explicit ShiftReportDialog(const ShiftReport &report, QWidget *parent = nullptr);

    static QString toHtml(const ShiftReport &report);
    QString text() const;

public slots:
    void print();

private:
    QTextBrowser *m_view;
};

} // namespace sk
