#include "inventory/TransferDialog.h"

#include "common/InlineMessage.h"
#include "inventory/InventoryLedger.h"
#include "inventory/ScanBox.h"
#include "inventory/StockLinesTable.h"

#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

TransferDialog::TransferDialog(const Services &services, const Session &session, const QList<Location> &locations,
                               std::optional<qint64> fromLocationId, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_from(new QComboBox(this)),
      m_to(new QComboBox(this)),
      m_scan(new ScanBox(this)),
      m_lines(new StockLinesTable(services, session, false, QStringLiteral("USD"), this)),
      m_totals(new QLabel(this)),
      m_note(new QLineEdit(this)),
      m_message(new InlineMessage(this)),
      m_transfer(new QPushButton(tr("&Transfer"), this))
{
    setObjectName(u"transferDialog"_s);
    setWindowTitle(tr("Transfer stock"));
    m_from->setObjectName(u"fromLocationCombo"_s);
    m_to->setObjectName(u"toLocationCombo"_s);
    for (const Location &location : locations) {
        if (!location.isActive)
            continue;
        m_from->addItem(location.name, location.id);
        m_to->addItem(location.name, location.id);
    }
    if (fromLocationId)
        m_from->setCurrentIndex(std::max(0, m_from->findData(*fromLocationId)));
    // Somewhere else than the source, to start with.
    for (int index = 0; index < m_to->count(); ++index) {
        if (index != m_from->currentIndex()) {
            m_to->setCurrentIndex(index);
            break;
        }
    }
    m_note->setObjectName(u"noteEdit"_s);
    m_totals->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_message->setObjectName(u"transferMessage"_s);

    auto *form = new QFormLayout;
    form->addRow(tr("&From:"), m_from);
    form->addRow(tr("T&o:"), m_to);
    form->addRow(tr("S&can:"), m_scan);

    auto *buttons = new QDialogButtonBox(this);
    m_transfer->setObjectName(u"transferButton"_s);
    m_transfer->setAutoDefault(false);
    m_transfer->setToolTip(tr("Moves the lines now (Ctrl+Enter)."));
    buttons->addButton(m_transfer, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel)->setAutoDefault(false);

    auto *noteForm = new QFormLayout;
    noteForm->addRow(tr("&Note:"), m_note);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_lines, 1);
    layout->addWidget(m_totals);
    layout->addLayout(noteForm);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    auto *postShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(postShortcut, &QShortcut::activated, this, &TransferDialog::submit);
    auto *removeShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Delete), this);
    connect(removeShortcut, &QShortcut::activated, m_lines, &StockLinesTable::removeSelectedLine);
    connect(buttons, &QDialogButtonBox::accepted, this, &TransferDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_scan, &ScanBox::scanned, this, [this](const QString &code) {
        m_message->clear();
        m_lines->addCode(code);
    });
    connect(m_lines, &StockLinesTable::codeRejected, m_message, &InlineMessage::showError);
    connect(m_lines, &StockLinesTable::lineAdded, m_scan, [this] { m_scan->setFocus(); });
    connect(m_lines, &StockLinesTable::linesChanged, this, &TransferDialog::updateState);
    connect(m_from, &QComboBox::currentIndexChanged, this, [this] {
        m_lines->setLocationId(m_from->currentData().toLongLong());
        updateState();
    });
    connect(m_to, &QComboBox::currentIndexChanged, this, &TransferDialog::updateState);
    m_lines->setLocationId(m_from->currentData().toLongLong());
    updateState();
    resize(fontMetrics().averageCharWidth() * 100, fontMetrics().height() * 28);
    m_scan->setFocus();
}

QString TransferDialog::message() const
{
    return m_message->text();
}

void TransferDialog::updateState()
{
    const QLocale locale;
    m_totals->setText(
        tr("Lines: %1 · units: %2").arg(locale.toString(m_lines->rowCount()), locale.toString(m_lines->totalUnits())));
    const bool sameLocation = m_from->currentIndex() == m_to->currentIndex();
    m_transfer->setEnabled(!m_lines->isEmpty() && !sameLocation && !m_posting);
    if (sameLocation)
        m_transfer->setToolTip(tr("Choose two different locations."));
    else if (m_lines->isEmpty())
        m_transfer->setToolTip(tr("Scan or type a barcode or SKU to add a line first."));
    else
        m_transfer->setToolTip(tr("Moves the lines now (Ctrl+Enter)."));
}

void TransferDialog::submit()
{
    if (!m_posting)
        post();
}

QCoro::Task<> TransferDialog::post()
{
    if (m_from->currentIndex() == m_to->currentIndex()) {
        m_message->showError(tr("Choose two different locations: stock cannot move to where it already is."));
        co_return;
    }
    const Result<QList<StockLine>> lines = m_lines->lines();
    if (!lines) {
        m_message->showError(lines.error().message);
        co_return;
    }
    QPointer<TransferDialog> guard(this);
    m_posting = true;
    updateState();
    m_message->clear();
    const qint64 units = m_lines->totalUnits();
    const QFuture<Status> pending =
        m_services.ledger->transfer(m_session, m_from->currentData().toLongLong(), m_to->currentData().toLongLong(),
                                    lines.value(), m_note->text().trimmed());
    const Status moved = co_await pending;
    if (!guard)
        co_return;
    m_posting = false;
    updateState();
    if (!moved) {
        m_message->showError(moved.error().message);
        co_return;
    }
    emit transferred(tr("Moved %1 units from %2 to %3.")
                         .arg(QLocale().toString(units), m_from->currentText(), m_to->currentText()));
    accept();
}

} // namespace sk
