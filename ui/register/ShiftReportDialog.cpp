#include "register/ShiftReportDialog.h"

#include "payments/PaymentTypes.h"

#include <QDialogButtonBox>
#include <QLocale>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

ShiftReportDialog::ShiftReportDialog(const ShiftReport &report, QWidget *parent)
    : QDialog(parent), m_view(new QTextBrowser(this))
{
    setObjectName(report.closed ? u"zReportDialog"_s : u"xReportDialog"_s);
    setWindowTitle(report.closed ? tr("Z report") : tr("X report"));
    m_view->setObjectName(u"shiftReport"_s);
    m_view->setHtml(toHtml(report));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *printButton = buttons->addButton(tr("&Print…"), QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    connect(printButton, &QPushButton::clicked, this, &ShiftReportDialog::print);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(fontMetrics().horizontalAdvance(u"x"_s) * 64, fontMetrics().height() * 36);
}

QString ShiftReportDialog::text() const
{
    return m_view->toPlainText();
}

void ShiftReportDialog::print()
{
    QPrinter printer;
    auto *dialog = new QPrintDialog(&printer, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (dialog->exec() == QDialog::Accepted)
        m_view->document()->print(&printer);
}

QString ShiftReportDialog::toHtml(const ShiftReport &report)
{
    const QLocale locale;
    const auto money = [&locale](const Money &amount) {
        return amount.isValid() ? amount.toString(locale).toHtmlEscaped() : QString();
    };
    const auto when = [&locale](const QDateTime &time) {
        return time.isValid() ? locale.toString(time.toLocalTime(), QLocale::ShortFormat).toHtmlEscaped() : QString();
    };
    QString rows;
    const auto row = [&rows](const QString &title, const QString &value, bool bold = false) {
        rows += bold ? u"<tr><td><b>%1</b></td><td align=right><b>%2</b></td></tr>"_s.arg(title.toHtmlEscaped(), value)
                     : u"<tr><td>%1</td><td align=right>%2</td></tr>"_s.arg(title.toHtmlEscaped(), value);
    };
    row(tr("Register"), report.registerName.toHtmlEscaped());
    row(tr("Opened"), tr("%1 by %2").arg(when(report.openedAt), report.openedByName.toHtmlEscaped()));
    if (report.closed)
        row(tr("Closed"), tr("%1 by %2").arg(when(report.closedAt), report.closedByName.toHtmlEscaped()));
    row(tr("Opening float"), money(report.openingFloat));
    row(tr("Sales"), tr("%1 (%2)").arg(money(report.sales), locale.toString(report.salesCount)), true);
    row(tr("Tax"), money(report.tax));
    row(tr("Discounts"), money(report.discounts));
    row(tr("Refunds"), tr("%1 (%2)").arg(money(report.refunds), locale.toString(report.refundsCount)));
    row(tr("Refunded tax"), money(report.refundedTax));
    row(tr("Cash in"), money(report.cashIn));
    row(tr("Cash out"), money(report.cashOut));
    QString tenders;
    for (const TenderTotals &tender : report.tenders) {
        const QString title = tenderFromName(tender.tender) ? tenderTitle(*tenderFromName(tender.tender)) : tender.tender;
        tenders += u"<tr><td>%1</td><td align=right>%2</td><td align=right>%3</td><td align=right>%4</td>"
                   "<td align=right>%5</td></tr>"_s.arg(title.toHtmlEscaped(), locale.toString(tender.count),
                                                         money(tender.taken), money(tender.refunded),
                                                         money(tender.net()));
    }
    QString drawer;
    const auto drawerRow = [&drawer](const QString &title, const QString &value) {
        drawer += u"<tr><td><b>%1</b></td><td align=right><b>%2</b></td></tr>"_s.arg(title.toHtmlEscaped(), value);
    };
    drawerRow(tr("Cash expected"), money(report.expectedCash));
    if (report.countedCash)
        drawerRow(tr("Cash counted"), money(*report.countedCash));
    if (report.difference)
        drawerRow(tr("Difference"), money(*report.difference));
    QString note;
    if (!report.closeNote.isEmpty())
        note = u"<p>%1</p>"_s.arg(tr("Note: %1").arg(report.closeNote).toHtmlEscaped());
    return u"<h2>%1</h2><table width=100% cellspacing=2>%2</table>"
           "<h3>%3</h3><table width=100% cellspacing=2><tr><th align=left>%4</th><th align=right>%5</th>"
           "<th align=right>%6</th><th align=right>%7</th><th align=right>%8</th></tr>%9</table>"
           "<table width=100% cellspacing=2>%10</table>%11"_s
        .arg((report.closed ? tr("Z report · shift %1") : tr("X report · shift %1")).arg(report.shiftId).toHtmlEscaped(),
             rows, tr("Per tender").toHtmlEscaped(), tr("Tender").toHtmlEscaped(), tr("Payments").toHtmlEscaped(),
             tr("Taken").toHtmlEscaped(), tr("Refunded").toHtmlEscaped(), tr("Net").toHtmlEscaped(), tenders)
        .arg(drawer, note);
}

} // namespace sk
