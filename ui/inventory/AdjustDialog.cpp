#include "inventory/AdjustDialog.h"

#include "common/InlineMessage.h"
#include "inventory/InventoryLedger.h"
#include "inventory/ScanBox.h"
#include "inventory/StockLevelSearch.h"

#include <QApplication>
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
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// Larger corrections are not a shelf's worth: they are typing mistakes.
constexpr int MaxAdjustment = 1'000'000;

bool takesStock(MovementReason reason)
{
    return reason == MovementReason::Damaged || reason == MovementReason::Lost;
}

bool addsStock(MovementReason reason)
{
    return reason == MovementReason::Found || reason == MovementReason::Return;
}

QString itemText(const StockLevel &level)
{
    const QString name = level.options.isEmpty()
                             ? level.productName
                             : QCoreApplication::translate("AdjustDialog", "%1 (%2)").arg(level.productName,
                                                                                          level.options);
    return QCoreApplication::translate("AdjustDialog", "%1, SKU %2").arg(name, level.sku);
}

} // namespace

AdjustDialog::AdjustDialog(const Services &services, const Session &session, const QList<Location> &locations,
                           const std::optional<StockLevel> &level, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_level(level),
      m_scan(new ScanBox(this)),
      m_item(new QLabel(this)),
      m_location(new QComboBox(this)),
      m_reason(new QComboBox(this)),
      m_quantity(new QSpinBox(this)),
      m_after(new QLabel(this)),
      m_note(new QLineEdit(this)),
      m_blocker(new QLabel(this)),
      m_message(new InlineMessage(this)),
      m_adjust(new QPushButton(tr("&Adjust"), this))
{
    setObjectName(u"adjustDialog"_s);
    setWindowTitle(tr("Adjust stock"));

    m_scan->setPlaceholderText(tr("Scan or type a barcode or SKU to choose another item"));
    m_item->setObjectName(u"adjustItem"_s);
    m_item->setTextFormat(Qt::PlainText);
    m_location->setObjectName(u"locationCombo"_s);
    for (const Location &location : locations)
        if (location.isActive)
            m_location->addItem(location.name, location.id);
    if (level)
        m_location->setCurrentIndex(std::max(0, m_location->findData(level->locationId)));
    m_reason->setObjectName(u"reasonCombo"_s);
    m_reason->addItem(tr("Choose a reason…"));
    for (MovementReason reason : {MovementReason::Damaged, MovementReason::Lost, MovementReason::Found,
                                  MovementReason::Return, MovementReason::CountCorrection})
        if (isManualAdjustmentReason(reason))
            m_reason->addItem(movementReasonText(reason), int(reason));
    m_quantity->setObjectName(u"quantityBox"_s);
    m_quantity->setRange(-MaxAdjustment, MaxAdjustment);
    m_quantity->setValue(0);
    m_quantity->setToolTip(tr("Negative takes stock away (damaged, lost), positive adds it (found, returned)."));
    m_after->setObjectName(u"onHandAfter"_s);
    m_note->setObjectName(u"noteEdit"_s);
    m_note->setPlaceholderText(tr("Why: what happened, who found it"));
    m_blocker->setObjectName(u"adjustBlocker"_s);
    m_blocker->setWordWrap(true);
    QPalette hint = m_blocker->palette();
    hint.setColor(QPalette::WindowText, hint.color(QPalette::Disabled, QPalette::WindowText));
    m_blocker->setPalette(hint);
    m_message->setObjectName(u"adjustMessage"_s);

    auto *quantityRow = new QHBoxLayout;
    quantityRow->addWidget(m_quantity);
    quantityRow->addWidget(m_after, 1);

    auto *form = new QFormLayout;
    form->addRow(tr("S&can:"), m_scan);
    form->addRow(tr("Item:"), m_item);
    form->addRow(tr("&Location:"), m_location);
    form->addRow(tr("&Reason:"), m_reason);
    auto *quantityLabel = new QLabel(tr("&Quantity:"), this);
    quantityLabel->setBuddy(m_quantity);
    form->addRow(quantityLabel, quantityRow);
    form->addRow(tr("&Note:"), m_note);

    auto *buttons = new QDialogButtonBox(this);
    m_adjust->setObjectName(u"adjustButton"_s);
    buttons->addButton(m_adjust, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_blocker);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &AdjustDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_scan, &ScanBox::scanned, this, [this](const QString &code) { chooseCode(code); });
    connect(m_location, &QComboBox::currentIndexChanged, this, [this] { refreshLevel(); });
    connect(m_reason, &QComboBox::currentIndexChanged, this, &AdjustDialog::updateState);
    connect(m_quantity, &QSpinBox::valueChanged, this, &AdjustDialog::updateState);
    connect(m_note, &QLineEdit::textChanged, this, &AdjustDialog::updateState);
    // A refusal is about what was there when Adjust was pressed; any change starts afresh.
    connect(m_reason, &QComboBox::currentIndexChanged, m_message, &InlineMessage::clear);
    connect(m_quantity, &QSpinBox::valueChanged, m_message, &InlineMessage::clear);
    connect(m_note, &QLineEdit::textChanged, m_message, &InlineMessage::clear);

    setTabOrder(m_scan, m_location);
    setTabOrder(m_location, m_reason);
    setTabOrder(m_reason, m_quantity);
    setTabOrder(m_quantity, m_note);
    updateState();
    resize(std::max(sizeHint().width(), fontMetrics().averageCharWidth() * 80), sizeHint().height());
    if (m_level)
        m_reason->setFocus();
    else
        m_scan->setFocus();
}

QString AdjustDialog::blocker() const
{
    return m_blocker->text();
}

QString AdjustDialog::message() const
{
    return m_message->text();
}

qint64 AdjustDialog::locationId() const
{
    return m_location->currentData().toLongLong();
}

MovementReason AdjustDialog::reason() const
{
    return MovementReason(m_reason->currentData().toInt());
}

void AdjustDialog::updateState()
{
    const QLocale locale;
    m_item->setText(m_level ? itemText(*m_level) : tr("None yet: scan or type its code above."));
    const qint64 quantity = m_quantity->value();
    if (m_level)
        m_after->setText(tr("on hand %1 → %2")
                             .arg(locale.toString(m_level->onHand), locale.toString(m_level->onHand + quantity)));
    else
        m_after->clear();

    QString why;
    if (!m_level)
        why = tr("Choose the item: scan or type its barcode or SKU.");
    else if (m_reason->currentIndex() <= 0)
        why = tr("Choose the reason for the adjustment.");
    else if (quantity == 0)
        why = tr("Type how many units to add (positive) or take away (negative).");
    else if (takesStock(reason()) && quantity > 0)
        why = tr("%1 takes stock away: type a negative quantity.").arg(movementReasonText(reason()));
    else if (addsStock(reason()) && quantity < 0)
        why = tr("%1 adds stock: type a positive quantity.").arg(movementReasonText(reason()));
    else if (m_level->onHand + quantity < 0)
        why = tr("Only %1 on hand here: the stock cannot go below zero.").arg(locale.toString(m_level->onHand));
    else if (m_note->text().trimmed().isEmpty())
        why = tr("Type a note that says why the stock changed; the ledger keeps it.");
    m_blocker->setText(why);
    m_blocker->setVisible(!why.isEmpty());
    m_adjust->setEnabled(why.isEmpty() && !m_posting);
    m_adjust->setToolTip(why.isEmpty() ? tr("Writes the correction into the ledger.") : why);
}

QCoro::Task<> AdjustDialog::chooseCode(QString code)
{
    QPointer<AdjustDialog> guard(this);
    m_message->clear();
    const QFuture<Result<qint64>> pendingVariant = m_services.stockLevels->variantForCode(m_session, code);
    const Result<qint64> variant = co_await pendingVariant;
    if (!guard)
        co_return;
    if (!variant) {
        QApplication::beep();
        m_message->showError(variant.error().code == ErrorCode::NotFound
                                 ? tr("No product has the barcode or SKU \"%1\". Check the code.").arg(code)
                                 : variant.error().message);
        co_return;
    }
    StockLevel chosen;
    chosen.variantId = variant.value();
    m_level = chosen;
    co_await refreshLevel();
}

QCoro::Task<> AdjustDialog::refreshLevel()
{
    if (!m_level)
        co_return;
    QPointer<AdjustDialog> guard(this);
    const QFuture<Result<StockLevel>> pending = m_services.ledger->level(m_session, m_level->variantId, locationId());
    const Result<StockLevel> level = co_await pending;
    if (!guard)
        co_return;
    if (!level) {
        m_message->showError(level.error().message);
        co_return;
    }
    m_level = level.value();
    updateState();
}

void AdjustDialog::submit()
{
    updateState();
    if (!m_adjust->isEnabled()) {
        // Said once, as an error now that it stopped the adjustment.
        m_message->showError(m_blocker->text());
        m_blocker->hide();
        return;
    }
    post();
}

QCoro::Task<> AdjustDialog::post()
{
    QPointer<AdjustDialog> guard(this);
    m_posting = true;
    updateState();
    m_message->clear();
    const qint64 quantity = m_quantity->value();
    const QFuture<Status> pending = m_services.ledger->adjust(m_session, m_level->variantId, locationId(), reason(),
                                                              quantity, m_note->text().trimmed());
    const Status written = co_await pending;
    if (!guard)
        co_return;
    m_posting = false;
    updateState();
    if (!written) {
        m_message->showError(written.error().message);
        co_return;
    }
    const QLocale locale;
    emit adjusted(tr("%1: %2 %3 at %4.")
                            .arg(movementReasonText(reason()),
                                 quantity > 0 ? locale.positiveSign() + locale.toString(quantity)
                                              : locale.toString(quantity),
                                 itemText(*m_level), m_location->currentText()));
    accept();
}

} // namespace sk
