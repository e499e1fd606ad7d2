#include "inventory/ReceiveDialog.h"

#include "common/InlineMessage.h"
#include "core/Money.h"
#include "inventory/InventoryLedger.h"
#include "inventory/ScanBox.h"
#include "inventory/StockLinesTable.h"

#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

ReceiveDialog::ReceiveDialog(const Services &services, const Session &session, const QList<Location> &locations,
                             std::optional<qint64> initialLocationId, const QString &currency, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_supplier(new QLineEdit(this)),
      m_reference(new QLineEdit(this)),
      m_location(new QComboBox(this)),
      m_scan(new ScanBox(this)),
      m_lines(new StockLinesTable(services, session, true, currency, this)),
      m_totals(new QLabel(this)),
      m_note(new QLineEdit(this)),
      m_message(new InlineMessage(this)),
      m_receive(new QPushButton(tr("&Receive"), this)),
      m_removeLine(new QPushButton(tr("Re&move line"), this))
{
    setObjectName(u"receiveDialog"_s);
    setWindowTitle(tr("Receive stock"));

    m_supplier->setObjectName(u"supplierEdit"_s);
    m_supplier->setPlaceholderText(tr("Who delivered"));
    m_reference->setObjectName(u"supplierReferenceEdit"_s);
    m_reference->setPlaceholderText(tr("Their delivery note or invoice number"));
    m_location->setObjectName(u"locationCombo"_s);
    for (const Location &location : locations)
        if (location.isActive)
            m_location->addItem(location.name, location.id);
    if (initialLocationId)
        m_location->setCurrentIndex(std::max(0, m_location->findData(*initialLocationId)));
    m_note->setObjectName(u"noteEdit"_s);
    m_totals->setObjectName(u"receiveTotals"_s);
    m_totals->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_message->setObjectName(u"receiveMessage"_s);

    auto *form = new QFormLayout;
    form->addRow(tr("&Supplier:"), m_supplier);
    form->addRow(tr("R&eference:"), m_reference);
    form->addRow(tr("&Location:"), m_location);
    form->addRow(tr("S&can:"), m_scan);

    m_removeLine->setAutoDefault(false);
    m_removeLine->setToolTip(tr("Takes the selected line off the receipt (Ctrl+Del)."));
    auto *lineRow = new QHBoxLayout;
    lineRow->addWidget(m_removeLine);
    lineRow->addStretch(1);
    lineRow->addWidget(m_totals);

    auto *noteForm = new QFormLayout;
    noteForm->addRow(tr("&Note:"), m_note);

    auto *buttons = new QDialogButtonBox(this);
    m_receive->setObjectName(u"receiveButton"_s);
    m_receive->setAutoDefault(false);
    m_receive->setToolTip(tr("Posts the receipt (Ctrl+Enter)."));
    buttons->addButton(m_receive, QDialogButtonBox::AcceptRole);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setAutoDefault(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_lines, 1);
    layout->addLayout(lineRow);
    layout->addLayout(noteForm);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    auto *postShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(postShortcut, &QShortcut::activated, this, &ReceiveDialog::submit);
    auto *removeShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Delete), this);
    connect(removeShortcut, &QShortcut::activated, m_lines, &StockLinesTable::removeSelectedLine);
    connect(m_removeLine, &QPushButton::clicked, m_lines, &StockLinesTable::removeSelectedLine);
    connect(buttons, &QDialogButtonBox::accepted, this, &ReceiveDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_scan, &ScanBox::scanned, this, [this](const QString &code) {
        m_message->clear();
        m_lines->addCode(code);
    });
    connect(m_lines, &StockLinesTable::codeRejected, m_message, &InlineMessage::showError);
    // The scanner keeps going: after a line is added the focus stays in the scan box.
    connect(m_lines, &StockLinesTable::lineAdded, m_scan, [this] { m_scan->setFocus(); });
    connect(m_lines, &StockLinesTable::linesChanged, this, &ReceiveDialog::updateTotals);
    connect(m_location, &QComboBox::currentIndexChanged, this,
            [this] { m_lines->setLocationId(locationId()); });
    m_lines->setLocationId(locationId());

    setTabOrder(m_supplier, m_reference);
    setTabOrder(m_reference, m_location);
    setTabOrder(m_location, m_scan);
    setTabOrder(m_scan, m_lines);
    updateTotals();
    resize(fontMetrics().averageCharWidth() * 110, fontMetrics().height() * 32);
    m_scan->setFocus();
}

QString ReceiveDialog::message() const
{
    return m_message->text();
}

qint64 ReceiveDialog::locationId() const
{
    return m_location->currentData().toLongLong();
}

void ReceiveDialog::updateTotals()
{
    const QLocale locale;
    const std::optional<Money> cost = m_lines->totalCost();
    const QString units =
        tr("Lines: %1 · units: %2").arg(locale.toString(m_lines->rowCount()), locale.toString(m_lines->totalUnits()));
    m_totals->setText(cost ? tr("%1 · cost: %2").arg(units, cost->toString(locale)) : units);
    m_receive->setEnabled(!m_lines->isEmpty() && !m_posting);
    m_removeLine->setEnabled(!m_lines->isEmpty());
}

void ReceiveDialog::submit()
{
    if (!m_posting)
        post();
}

QCoro::Task<> ReceiveDialog::post()
{
    const Result<QList<StockLine>> lines = m_lines->lines();
    if (!lines) {
        m_message->showError(lines.error().message);
        co_return;
    }
    if (m_location->currentIndex() < 0) {
        m_message->showError(tr("Choose where the delivery goes."));
        co_return;
    }
    QPointer<ReceiveDialog> guard(this);
    m_posting = true;
    updateTotals();
    m_message->clear();
    const qint64 units = m_lines->totalUnits();
    const QFuture<Result<qint64>> pending =
        m_services.ledger->receive(m_session, locationId(), m_supplier->text().trimmed(),
                                   m_reference->text().trimmed(), lines.value(), m_note->text().trimmed());
    const Result<qint64> receipt = co_await pending;
    if (!guard)
        co_return;
    m_posting = false;
    updateTotals();
    if (!receipt) {
        m_message->showError(receipt.error().message);
        co_return;
    }
    emit received(tr("Received %1 units into %2 (receipt %3).")
                      .arg(QLocale().toString(units), m_location->currentText(),
                           QLocale().toString(receipt.value())));
    accept();
}

} // namespace sk
