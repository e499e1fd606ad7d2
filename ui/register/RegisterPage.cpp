#include "register/RegisterPage.h"

#include "Navigation.h"
#include "auth/Permissions.h"
#include "common/InlineMessage.h"
#include "common/PageHeader.h"
#include "CartTableModel.h"
#include "register/CashMovementDialog.h"
#include "register/CloseShiftDialog.h"
#include "register/CustomerDialog.h"
#include "register/DiscountDialog.h"
#include "register/OpenShiftDialog.h"
#include "register/ParkedCartsDialog.h"
#include "register/PaymentDialog.h"
#include "register/PriceOverrideDialog.h"
#include "register/ProductSearchPopup.h"
#include "register/ReturnDialog.h"
#include "register/SaleReceiptPrinter.h"
#include "register/ScannerWedge.h"
#include "register/ShiftReportDialog.h"
#include "register/TotalsPanel.h"
#include "sales/CartService.h"
#include "sales/RegisterDirectory.h"
#include "sales/ShiftService.h"
#include "shop/SettingsService.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPointer>
#include <QRegularExpression>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

const QString RegisterIdKey = u"register/id"_s;
// The most units one keystroke sequence may ask for: "3000*" is a slip of
// the finger more often than a sale.
constexpr qint64 MaxQuantityPerScan = 999;

// "3*4006381333931" is three units of that code; "3*" alone sets the
// selected line's quantity.
struct ScanText {
    qint64 quantity = 1;
    bool hasQuantity = false;
    QString code;
};

std::optional<ScanText> parseScanText(const QString &text)
{
    static const QRegularExpression withQuantity(u"^\\s*(\\d{1,6})\\s*[*xX]\\s*(.*)$"_s);
    ScanText scan;
    const QRegularExpressionMatch match = withQuantity.match(text);
    if (match.hasMatch()) {
        scan.quantity = match.captured(1).toLongLong();
        scan.hasQuantity = true;
        scan.code = match.captured(2).trimmed();
        if (scan.quantity <= 0 || scan.quantity > MaxQuantityPerScan)
            return std::nullopt;
    } else {
        scan.code = text.trimmed();
    }
    return scan;
}

} // namespace

RegisterPage::RegisterPage(const Services &services, const Session &session, QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_session(session),
      m_registerId(savedRegisterId()),
      m_model(new CartTableModel(this)),
      m_view(new QTableView(this)),
      m_scanBox(new QLineEdit(this)),
      m_totals(new TotalsPanel(this)),
      m_suggestions(new SuggestionsPanel(this)),
      m_message(new InlineMessage(this)),
      m_registerLabel(new QLabel(this)),
      m_clerkLabel(new QLabel(this)),
      m_shiftLabel(new QLabel(this)),
      m_customerLabel(new QLabel(this)),
      m_registerChoice(new QComboBox(this)),
      m_shiftButton(new QToolButton(this)),
      m_shiftMenu(new QMenu(this)),
      m_scanner(new ScannerWedge(this, m_scanBox))
{
    setObjectName(u"registerPage"_s);

    m_scanBox->setObjectName(u"registerScanBox"_s);
    m_scanBox->setPlaceholderText(tr("Scan an item, or type a barcode or SKU (3* before it for three units)"));
    m_scanBox->setClearButtonEnabled(true);
    m_scanBox->installEventFilter(this);
    QFont scanFont = m_scanBox->font();
    scanFont.setPointSizeF(scanFont.pointSizeF() * 1.3);
    m_scanBox->setFont(scanFont);
    auto *scanLabel = new QLabel(tr("&Scan:"), this);
    scanLabel->setBuddy(m_scanBox);

    // Which register this desktop is: administrators choose (the list comes
    // with load()); everyone else works at the register set up here.
    m_registerChoice->setObjectName(u"registerChoice"_s);
    m_registerChoice->setAccessibleName(tr("This register"));
    m_registerChoice->setVisible(false);
    connect(m_registerChoice, &QComboBox::activated, this,
            [this](int index) { setRegisterId(m_registerChoice->itemData(index).toLongLong()); });

    m_shiftButton->setObjectName(u"shiftButton"_s);
    m_shiftButton->setText(tr("Shift (F8)"));
    m_shiftButton->setPopupMode(QToolButton::InstantPopup);
    m_shiftButton->setMenu(m_shiftMenu);

    auto *headerRow = new QHBoxLayout;
    headerRow->addWidget(new PageHeader(pageTitle(Page::Register), pageSummary(Page::Register), this), 1);
    headerRow->addWidget(m_registerChoice, 0, Qt::AlignTop);
    headerRow->addWidget(m_shiftButton, 0, Qt::AlignTop);

    auto *statusRow = new QHBoxLayout;
    for (QLabel *label : {m_registerLabel, m_clerkLabel, m_shiftLabel, m_customerLabel}) {
        label->setTextFormat(Qt::PlainText);
        statusRow->addWidget(label);
        statusRow->addSpacing(16);
    }
    statusRow->addStretch(1);
    m_registerLabel->setObjectName(u"registerStatus"_s);
    m_clerkLabel->setObjectName(u"clerkStatus"_s);
    m_shiftLabel->setObjectName(u"shiftStatus"_s);
    m_customerLabel->setObjectName(u"customerStatus"_s);

    auto *scanRow = new QHBoxLayout;
    scanRow->addWidget(scanLabel);
    scanRow->addWidget(m_scanBox, 1);

    m_view->setObjectName(u"cartTable"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setAccessibleName(tr("Cart"));
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 14);
    QFont tableFont = m_view->font();
    tableFont.setPointSizeF(tableFont.pointSizeF() * 1.15);
    m_view->setFont(tableFont);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(CartTableModel::NameColumn, QHeaderView::Stretch);
    for (int column = CartTableModel::SkuColumn; column < CartTableModel::ColumnCount; ++column)
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_totals);
    sideLayout->addWidget(m_suggestions, 1);
    sideLayout->addStretch(0);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_view);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    // The cart gets most of the width; the totals keep what their big font needs.
    splitter->setSizes({700, 300});

    auto *keys = new QLabel(tr("F2 Find · F4 Quantity · F6 Discount (Shift: sale) · F7 Price · Del Remove · "
                               "F9 Customer · F10 Park (Shift: recall) · F11 Return · F12 Pay"),
                            this);
    keys->setObjectName(u"registerKeys"_s);
    keys->setWordWrap(true);
    QPalette keysPalette = keys->palette();
    keysPalette.setColor(QPalette::WindowText, keysPalette.color(QPalette::PlaceholderText));
    keys->setPalette(keysPalette);

    m_message->setObjectName(u"registerMessage"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(headerRow);
    layout->addLayout(statusRow);
    layout->addLayout(scanRow);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);
    layout->addWidget(keys);

    buildActions();
    connect(m_scanner, &ScannerWedge::scanned, this, &RegisterPage::scan);
    connect(m_scanner, &ScannerWedge::typed, this, [this](const QString &text) {
        m_scanBox->setFocus(Qt::OtherFocusReason);
        m_scanBox->insert(text);
    });
    connect(m_suggestions, &SuggestionsPanel::addRequested, this, [this](const QString &sku) { addCode(sku, 1); });
    if (m_services.recommendations)
        m_suggestions->setProvider(SuggestionsPanel::recommendationsProvider(m_services.recommendations));
    if (m_services.receipts && m_services.receiptSettings) {
        auto *receipts = new SaleReceiptPrinter(m_services, m_session, this);
        connect(receipts, &SaleReceiptPrinter::done, m_message, &InlineMessage::showInformation);
        connect(receipts, &SaleReceiptPrinter::failed, m_message, &InlineMessage::showError);
        m_printReceipt = [receipts](QWidget *parent, const CompletedSale &sale, ReceiptDestination destination) {
            receipts->print(parent, sale, destination);
        };
    }
    updateStatus();
}

RegisterPage::~RegisterPage() = default;

void RegisterPage::buildActions()
{
    const auto add = [this](const QString &name, const QString &text, QList<QKeySequence> keys, auto slot) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    add(u"findItemAction"_s, tr("Find an item"), {QKeySequence(Qt::Key_F2), QKeySequence::Find},
        &RegisterPage::findItem);
    add(u"quantityAction"_s, tr("Quantity"), {QKeySequence(Qt::Key_F4)}, &RegisterPage::changeQuantity);
    add(u"lineDiscountAction"_s, tr("Discount on the line"), {QKeySequence(Qt::Key_F6)}, &RegisterPage::discountLine);
    add(u"cartDiscountAction"_s, tr("Discount on the sale"), {QKeySequence(Qt::SHIFT | Qt::Key_F6)},
        &RegisterPage::discountCart);
    add(u"priceAction"_s, tr("Price override"), {QKeySequence(Qt::Key_F7)}, &RegisterPage::overridePrice);
    add(u"removeLineAction"_s, tr("Remove line"), {QKeySequence(Qt::Key_Delete)}, &RegisterPage::removeLine);
    add(u"customerAction"_s, tr("Customer"), {QKeySequence(Qt::Key_F9)}, &RegisterPage::attachCustomer);
    add(u"parkAction"_s, tr("Park the sale"), {QKeySequence(Qt::Key_F10)}, &RegisterPage::park);
    add(u"recallAction"_s, tr("Recall a parked sale"), {QKeySequence(Qt::SHIFT | Qt::Key_F10)},
        &RegisterPage::recall);
    add(u"returnAction"_s, tr("Return…"), {QKeySequence(Qt::Key_F11)}, &RegisterPage::returnItems);
    add(u"payAction"_s, tr("Pay"), {QKeySequence(Qt::Key_F12)}, &RegisterPage::pay);
    add(u"shiftMenuAction"_s, tr("Shift"), {QKeySequence(Qt::Key_F8)}, [this] { m_shiftButton->showMenu(); });

    m_shiftMenu->addAction(tr("&Open shift…"), this, &RegisterPage::openShift)->setObjectName(u"openShiftAction"_s);
    m_shiftMenu->addAction(tr("Cash &in or out…"), this, &RegisterPage::moveCash)->setObjectName(u"cashAction"_s);
    m_shiftMenu->addAction(tr("&X report"), this, &RegisterPage::showXReport)->setObjectName(u"xReportAction"_s);
    m_shiftMenu->addAction(tr("&Close shift…"), this, &RegisterPage::closeShift)->setObjectName(u"closeShiftAction"_s);
    m_shiftMenu->addSeparator();
    m_shiftMenu->addAction(tr("&Return…"), this, &RegisterPage::returnItems);
}

void RegisterPage::setRegisterId(qint64 registerId)
{
    if (registerId == m_registerId || registerId <= 0)
        return;
    m_registerId = registerId;
    QSettings().setValue(RegisterIdKey, registerId);
    if (m_started)
        reload();
    updateStatus();
}

qint64 RegisterPage::savedRegisterId()
{
    // The first register (migration 0010 creates R1) until one is chosen.
    const qint64 saved = QSettings().value(RegisterIdKey).toLongLong();
    return saved > 0 ? saved : 1;
}

void RegisterPage::setSuggestionProvider(SuggestionsPanel::Provider provider)
{
    m_suggestions->setProvider(std::move(provider));
    m_suggestions->refresh(m_session, cart());
}

void RegisterPage::setReceiptPrinter(PaymentDialog::ReceiptPrinter printer)
{
    m_printReceipt = std::move(printer);
}

const Cart &RegisterPage::cart() const
{
    return m_model->cart();
}

QString RegisterPage::message() const
{
    return m_message->text();
}

QString RegisterPage::statusText() const
{
    return QStringList{m_registerLabel->text(), m_clerkLabel->text(), m_shiftLabel->text(), m_customerLabel->text()}
        .join(u" · "_s);
}

void RegisterPage::start()
{
    if (m_started)
        return;
    m_started = true;
    load();
}

void RegisterPage::reload()
{
    m_loaded = false;
    load();
}

void RegisterPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_scanner->setActive(true);
    start();
    m_scanBox->setFocus(Qt::OtherFocusReason);
}

void RegisterPage::hideEvent(QHideEvent *event)
{
    m_scanner->setActive(false);
    QWidget::hideEvent(event);
}

bool RegisterPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_scanBox || event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    switch (key->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (key->modifiers() & Qt::ControlModifier)
            return false;
        takeScanBoxText();
        return true;
    case Qt::Key_Up:
        moveSelection(-1);
        return true;
    case Qt::Key_Down:
        moveSelection(1);
        return true;
    case Qt::Key_Delete:
        // In an empty scan box Delete means the selected line.
        if (m_scanBox->text().isEmpty()) {
            removeLine();
            return true;
        }
        return false;
    default: return false;
    }
}

void RegisterPage::takeScanBoxText()
{
    const QString text = m_scanBox->text().trimmed();
    if (text.isEmpty()) {
        // Enter on an empty scan box: the sale is rung up, take the money.
        pay();
        return;
    }
    const std::optional<ScanText> parsed = parseScanText(text);
    if (!parsed) {
        refuse(tr("Type a quantity from 1 to %1 before the *.").arg(MaxQuantityPerScan));
        m_scanBox->selectAll();
        return;
    }
    if (parsed->code.isEmpty()) {
        // "3*" then Enter: the selected line gets that quantity.
        const std::optional<CartLine> line = selectedLine();
        if (!line) {
            refuse(tr("Select a line first, or scan an item after the *."));
            return;
        }
        m_scanBox->clear();
        setQuantityOf(line->id, parsed->quantity);
        return;
    }
    m_scanBox->clear();
    addCode(parsed->code, parsed->quantity);
}

void RegisterPage::scan(const QString &code)
{
    // A quantity typed before the scan ("3*") applies to it.
    qint64 quantity = 1;
    const std::optional<ScanText> typed = parseScanText(m_scanBox->text());
    if (typed && typed->hasQuantity && typed->code.isEmpty()) {
        quantity = typed->quantity;
        m_scanBox->clear();
    }
    addCode(code.trimmed(), quantity);
}

void RegisterPage::refuse(const QString &sentence)
{
    QApplication::beep();
    m_message->showError(sentence);
}

void RegisterPage::focusScanBoxAfter(QDialog *dialog)
{
    // The next scan or F-key goes to the page whichever way the dialog ended.
    connect(dialog, &QDialog::finished, this, [this] { m_scanBox->setFocus(Qt::OtherFocusReason); });
}

bool RegisterPage::needsCart()
{
    if (m_model->cart().id != 0)
        return false;
    m_message->showInformation(tr("The register is still loading; try again in a moment."));
    return true;
}

QCoro::Task<> RegisterPage::load()
{
    QPointer<RegisterPage> guard(this);
    const QFuture<Result<ShopSettings>> pendingSettings = m_services.settings->load();
    const Result<ShopSettings> settings = co_await pendingSettings;
    if (!guard)
        co_return;
    if (settings)
        m_currency = settings->currency;
    co_await loadRegisters();
    if (!guard)
        co_return;
    const quint64 generation = ++m_cartGeneration;
    const QFuture<Result<Cart>> pendingCart = m_services.carts->current(m_session, m_registerId);
    const Result<Cart> cart = co_await pendingCart;
    if (!guard)
        co_return;
    if (!cart)
        m_message->showError(cart.error().message);
    else
        applyCart(cart.value(), generation);
    co_await loadShift();
    if (!guard)
        co_return;
    m_loaded = true;
    emit loaded();
    const QList<QPair<QString, qint64>> queued = std::exchange(m_queuedScans, {});
    for (const auto &[code, quantity] : queued)
        addCode(code, quantity);
}

QCoro::Task<> RegisterPage::loadRegisters()
{
    if (!m_services.registers)
        co_return;
    QPointer<RegisterPage> guard(this);
    const QFuture<Result<QList<Register>>> pending = m_services.registers->list(m_session);
    const Result<QList<Register>> registers = co_await pending;
    if (!guard || !registers || registers->isEmpty())
        co_return;
    m_registerNames.clear();
    bool known = false;
    m_registerChoice->clear();
    for (const Register &till : registers.value()) {
        if (!till.isActive)
            continue;
        m_registerNames.insert(till.id, till.name);
        m_registerChoice->addItem(tr("%1 (%2)").arg(till.name, till.locationName), till.id);
        known = known || till.id == m_registerId;
    }
    if (!known && m_registerChoice->count() > 0) {
        // The saved register is gone or was never set: the first one.
        m_registerId = m_registerChoice->itemData(0).toLongLong();
        QSettings().setValue(RegisterIdKey, m_registerId);
    }
    m_registerChoice->setCurrentIndex(m_registerChoice->findData(m_registerId));
    m_registerChoice->setVisible(isAllowed(m_session.role, Permission::ManageSettings) && m_registerChoice->count() > 1);
    updateStatus();
}

QCoro::Task<> RegisterPage::loadShift()
{
    QPointer<RegisterPage> guard(this);
    const QFuture<Result<Shift>> pending = m_services.shifts->current(m_session, m_registerId);
    const Result<Shift> shift = co_await pending;
    if (!guard)
        co_return;
    if (shift) {
        m_shift = shift.value();
    } else {
        m_shift.reset();
        if (shift.error().code != ErrorCode::NotFound)
            m_message->showError(shift.error().message);
    }
    updateStatus();
    emit shiftChanged();
    if (!m_shift)
        m_message->showInformation(tr("No shift is open on this register. Open one with the cash float (F8) "
                                      "before the first sale."));
}

void RegisterPage::applyCart(const Cart &cart, quint64 generation)
{
    // Every answer carries the whole cart as the database has it after the
    // operation; the writer runs operations in order, so the newest request
    // holds everything before it and older answers are dropped.
    if (generation < m_appliedGeneration)
        return;
    m_appliedGeneration = generation;
    const qint64 selectedId = selectedLine() ? selectedLine()->id : 0;
    m_model->setCart(cart);
    m_totals->setCart(cart, m_currency);
    if (m_model->highlightedVariant() != 0) {
        const int row = m_model->rowOfVariant(m_model->highlightedVariant());
        selectRow(row);
    } else if (selectedId != 0) {
        selectRow(m_model->rowOfLine(selectedId));
    }
    m_suggestions->refresh(m_session, cart);
    updateStatus();
    emit cartChanged(cart);
}

QCoro::Task<> RegisterPage::addCode(QString code, qint64 quantity)
{
    if (code.isEmpty())
        co_return;
    if (m_model->cart().id == 0) {
        // Scanned before the cart was read: added once it is.
        m_queuedScans.append({code, quantity});
        co_return;
    }
    // A sale needs an open shift: the first scan without one offers it (once;
    // Pay asks again), and the item is added meanwhile.
    if (!m_shift && !m_shiftOffered) {
        m_shiftOffered = true;
        openShift();
    }
    QPointer<RegisterPage> guard(this);
    const quint64 generation = ++m_cartGeneration;
    ++m_pending;
    const QFuture<Result<Cart>> pending = m_services.carts->addByCode(m_session, m_model->cart().id, code, quantity);
    const Result<Cart> cart = co_await pending;
    if (!guard)
        co_return;
    --m_pending;
    if (!cart) {
        refuse(cart.error().message);
        co_return;
    }
    m_message->clear();
    applyCart(cart.value(), generation);
    highlightCode(code);
}

void RegisterPage::highlightCode(const QString &code)
{
    for (const CartLine &line : m_model->cart().lines) {
        if (line.barcode.compare(code, Qt::CaseInsensitive) == 0 || line.sku.compare(code, Qt::CaseInsensitive) == 0) {
            m_model->setHighlightedVariant(line.variantId);
            selectRow(m_model->rowOfVariant(line.variantId));
            return;
        }
    }
}

void RegisterPage::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QModelIndex index = m_model->index(row, CartTableModel::NameColumn);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void RegisterPage::moveSelection(int delta)
{
    const int count = m_model->rowCount();
    if (count == 0)
        return;
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    const int row = current.isValid() ? std::clamp(current.row() + delta, 0, count - 1) : count - 1;
    selectRow(row);
}

std::optional<CartLine> RegisterPage::selectedLine() const
{
    const QModelIndex current = m_view->selectionModel() ? m_view->selectionModel()->currentIndex() : QModelIndex();
    const QList<CartLine> &lines = m_model->cart().lines;
    if (current.isValid() && current.row() < lines.size())
        return lines.at(current.row());
    return std::nullopt;
}

void RegisterPage::updateStatus()
{
    const QLocale locale;
    const QString name = m_registerNames.value(m_registerId);
    m_registerLabel->setText(name.isEmpty() ? tr("Register %1").arg(m_registerId) : name);
    m_clerkLabel->setText(tr("Clerk: %1").arg(m_session.displayName.isEmpty() ? m_session.email
                                                                              : m_session.displayName));
    m_shiftLabel->setText(m_shift ? tr("Shift open since %1")
                                        .arg(locale.toString(m_shift->openedAt.toLocalTime().time(),
                                                             QLocale::ShortFormat))
                                  : tr("No shift open"));
    const QString customer = m_model->cart().customerName;
    m_customerLabel->setText(customer.isEmpty() ? tr("No customer") : tr("Customer: %1").arg(customer));
}

void RegisterPage::pay()
{
    if (needsCart())
        return;
    if (m_model->cart().isEmpty()) {
        refuse(tr("The cart is empty: scan an item first."));
        return;
    }
    if (!m_shift) {
        m_message->showError(tr("Open a shift with the cash float first (F8)."));
        openShift();
        return;
    }
    auto *dialog = new PaymentDialog(m_services, m_session, m_model->cart(), m_currency, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_printReceipt)
        dialog->setReceiptPrinter(m_printReceipt);
    connect(dialog, &PaymentDialog::cartChanged, this, [this](const Cart &cart) {
        if (cart.id == m_model->cart().id) {
            // The line stays selected for F4, F6 and F7 once the dialog is left unpaid.
            const std::optional<CartLine> selected = selectedLine();
            m_model->setCart(cart);
            m_totals->setCart(cart, m_currency);
            if (selected)
                selectRow(m_model->rowOfLine(selected->id));
        }
    });
    connect(dialog, &PaymentDialog::saleCompleted, this, [this](const CompletedSale &sale) {
        m_message->showInformation(
            sale.change.isZero() ? tr("Sale %1 complete.").arg(sale.orderNumber)
                                 : tr("Sale %1 complete. Change: %2").arg(sale.orderNumber, sale.change.toString()));
        emit saleCompleted(sale);
    });
    connect(dialog, &QDialog::finished, this, [this] {
        m_model->setHighlightedVariant(0);
        reload();
        m_scanBox->setFocus(Qt::OtherFocusReason);
    });
    dialog->open();
}

void RegisterPage::findItem()
{
    auto *popup = new ProductSearchPopup(m_services.search, m_session, this);
    popup->setAttribute(Qt::WA_DeleteOnClose);
    connect(popup, &ProductSearchPopup::picked, this, [this](const QString &sku) {
        qint64 quantity = 1;
        const std::optional<ScanText> typed = parseScanText(m_scanBox->text());
        if (typed && typed->hasQuantity && typed->code.isEmpty()) {
            quantity = typed->quantity;
            m_scanBox->clear();
        }
        addCode(sku, quantity);
    });
    focusScanBoxAfter(popup);
    popup->open();
}

void RegisterPage::changeQuantity()
{
    const std::optional<CartLine> line = selectedLine();
    if (!line) {
        refuse(tr("Select a line first (Up and Down in the scan box)."));
        return;
    }
    // A number already typed in the scan box is the new quantity.
    bool typedNumber = false;
    const qint64 typed = m_scanBox->text().trimmed().toLongLong(&typedNumber);
    if (typedNumber && typed >= 0 && typed <= MaxQuantityPerScan) {
        m_scanBox->clear();
        setQuantityOf(line->id, typed);
        return;
    }
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(u"quantityDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Quantity"));
    dialog->setLabelText(tr("Quantity of %1 (0 removes the line):").arg(line->name));
    dialog->setInputMode(QInputDialog::IntInput);
    dialog->setIntRange(0, int(MaxQuantityPerScan));
    dialog->setIntValue(int(line->quantity));
    const qint64 lineId = line->id;
    connect(dialog, &QInputDialog::intValueSelected, this, [this, lineId](int value) { setQuantityOf(lineId, value); });
    focusScanBoxAfter(dialog);
    dialog->open();
}

QCoro::Task<> RegisterPage::setQuantityOf(qint64 lineId, qint64 quantity)
{
    if (needsCart())
        co_return;
    QPointer<RegisterPage> guard(this);
    const quint64 generation = ++m_cartGeneration;
    ++m_pending;
    const QFuture<Result<Cart>> pending = m_services.carts->setQuantity(m_session, m_model->cart().id, lineId, quantity);
    const Result<Cart> cart = co_await pending;
    if (!guard)
        co_return;
    --m_pending;
    if (!cart) {
        refuse(cart.error().message);
        co_return;
    }
    m_message->clear();
    applyCart(cart.value(), generation);
    selectRow(m_model->rowOfLine(lineId));
}

void RegisterPage::removeLine()
{
    const std::optional<CartLine> line = selectedLine();
    if (!line) {
        refuse(tr("Select a line first (Up and Down in the scan box)."));
        return;
    }
    removeLineById(line->id);
}

QCoro::Task<> RegisterPage::removeLineById(qint64 lineId)
{
    QPointer<RegisterPage> guard(this);
    const quint64 generation = ++m_cartGeneration;
    ++m_pending;
    const QFuture<Result<Cart>> pending = m_services.carts->removeLine(m_session, m_model->cart().id, lineId);
    const Result<Cart> cart = co_await pending;
    if (!guard)
        co_return;
    --m_pending;
    if (!cart) {
        refuse(cart.error().message);
        co_return;
    }
    m_message->clear();
    applyCart(cart.value(), generation);
}

void RegisterPage::discountLine()
{
    const std::optional<CartLine> line = selectedLine();
    if (!line) {
        refuse(tr("Select a line first (Up and Down in the scan box)."));
        return;
    }
    auto *dialog = new DiscountDialog(m_services, m_session, m_model->cart(), line->id, m_currency, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &DiscountDialog::cartChanged, this,
            [this](const Cart &cart) { applyCart(cart, ++m_cartGeneration); });
    focusScanBoxAfter(dialog);
    dialog->open();
}

void RegisterPage::discountCart()
{
    if (needsCart())
        return;
    if (m_model->cart().isEmpty()) {
        refuse(tr("The cart is empty: scan an item first."));
        return;
    }
    auto *dialog = new DiscountDialog(m_services, m_session, m_model->cart(), std::nullopt, m_currency, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &DiscountDialog::cartChanged, this,
            [this](const Cart &cart) { applyCart(cart, ++m_cartGeneration); });
    focusScanBoxAfter(dialog);
    dialog->open();
}

void RegisterPage::overridePrice()
{
    const std::optional<CartLine> line = selectedLine();
    if (!line) {
        refuse(tr("Select a line first (Up and Down in the scan box)."));
        return;
    }
    auto *dialog = new PriceOverrideDialog(m_services, m_session, m_model->cart().id, *line, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PriceOverrideDialog::cartChanged, this,
            [this](const Cart &cart) { applyCart(cart, ++m_cartGeneration); });
    focusScanBoxAfter(dialog);
    dialog->open();
}

void RegisterPage::attachCustomer()
{
    if (needsCart())
        return;
    auto *dialog = new CustomerDialog(m_services, m_session, m_model->cart(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CustomerDialog::cartChanged, this,
            [this](const Cart &cart) { applyCart(cart, ++m_cartGeneration); });
    focusScanBoxAfter(dialog);
    dialog->open();
}

void RegisterPage::park()
{
    if (needsCart())
        return;
    if (m_model->cart().isEmpty()) {
        refuse(tr("The cart is empty: there is nothing to park."));
        return;
    }
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(u"parkDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Park the sale"));
    dialog->setLabelText(tr("A name to find it by when it is recalled:"));
    const QString customer = m_model->cart().customerName;
    dialog->setTextValue(customer.isEmpty()
                             ? tr("Parked at %1").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat))
                             : customer);
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &label) { parkAs(label.trimmed()); });
    focusScanBoxAfter(dialog);
    dialog->open();
}

QCoro::Task<> RegisterPage::parkAs(QString label)
{
    QPointer<RegisterPage> guard(this);
    const quint64 generation = ++m_cartGeneration;
    const QFuture<Result<Cart>> pending = m_services.carts->park(m_session, m_model->cart().id, label);
    const Result<Cart> cart = co_await pending;
    if (!guard)
        co_return;
    if (!cart) {
        refuse(cart.error().message);
        co_return;
    }
    m_model->setHighlightedVariant(0);
    applyCart(cart.value(), generation);
    m_message->showInformation(tr("Parked as “%1”. Shift+F10 brings it back.").arg(label));
}

void RegisterPage::recall()
{
    showParked();
}

QCoro::Task<> RegisterPage::showParked()
{
    QPointer<RegisterPage> guard(this);
    const QFuture<Result<QList<Cart>>> pending = m_services.carts->parked(m_session, m_registerId);
    const Result<QList<Cart>> parked = co_await pending;
    if (!guard)
        co_return;
    if (!parked) {
        refuse(parked.error().message);
        co_return;
    }
    if (parked->isEmpty()) {
        m_message->showInformation(tr("No sales are parked on this register."));
        co_return;
    }
    auto *dialog = new ParkedCartsDialog(parked.value(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ParkedCartsDialog::recallRequested, this, [this](qint64 cartId) { recallCart(cartId); });
    focusScanBoxAfter(dialog);
    dialog->open();
}

QCoro::Task<> RegisterPage::recallCart(qint64 cartId)
{
    QPointer<RegisterPage> guard(this);
    const quint64 generation = ++m_cartGeneration;
    const QFuture<Result<Cart>> pending = m_services.carts->recall(m_session, cartId);
    const Result<Cart> cart = co_await pending;
    if (!guard)
        co_return;
    if (!cart) {
        refuse(cart.error().message);
        co_return;
    }
    m_model->setHighlightedVariant(0);
    applyCart(cart.value(), generation);
    m_message->clear();
}

void RegisterPage::returnItems()
{
    auto *dialog = new ReturnDialog(m_services, m_session, m_registerId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ReturnDialog::returned, this, [this](const QString &summary) {
        m_message->showInformation(summary);
        loadShift();
    });
    focusScanBoxAfter(dialog);
    dialog->open();
}

void RegisterPage::openShift()
{
    if (m_shift) {
        m_message->showInformation(tr("A shift is already open on this register."));
        return;
    }
    auto *dialog = new OpenShiftDialog(m_services, m_session, m_registerId, m_currency, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OpenShiftDialog::opened, this, [this](const Shift &shift) {
        m_shift = shift;
        m_message->showInformation(tr("The shift is open. Scan the first item."));
        updateStatus();
        emit shiftChanged();
    });
    focusScanBoxAfter(dialog);
    dialog->open();
}

void RegisterPage::moveCash()
{
    if (!m_shift) {
        refuse(tr("Open a shift first (F8)."));
        return;
    }
    auto *dialog = new CashMovementDialog(m_services, m_session, m_shift->id, m_currency, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CashMovementDialog::moved, this,
            [this](const QString &summary) { m_message->showInformation(summary); });
    focusScanBoxAfter(dialog);
    dialog->open();
}

void RegisterPage::showXReport()
{
    showReport(false);
}

void RegisterPage::closeShift()
{
    showReport(true);
}

QCoro::Task<> RegisterPage::showReport(bool closing)
{
    if (!m_shift) {
        refuse(tr("No shift is open on this register."));
        co_return;
    }
    if (closing && !m_model->cart().isEmpty()) {
        refuse(tr("Finish or park the sale in the cart before closing the shift."));
        co_return;
    }
    QPointer<RegisterPage> guard(this);
    const QFuture<Result<ShiftReport>> pending = m_services.shifts->xReport(m_session, m_shift->id);
    const Result<ShiftReport> report = co_await pending;
    if (!guard)
        co_return;
    if (!report) {
        refuse(report.error().message);
        co_return;
    }
    if (!closing) {
        auto *dialog = new ShiftReportDialog(report.value(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        focusScanBoxAfter(dialog);
        dialog->open();
        co_return;
    }
    auto *dialog = new CloseShiftDialog(m_services, m_session, report.value(), m_currency, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CloseShiftDialog::closed, this, [this](const ShiftReport &z) {
        m_shift.reset();
        m_shiftOffered = true;
        updateStatus();
        emit shiftChanged();
        m_message->showInformation(tr("The shift is closed. Open a new one with F8 before the next sale."));
        auto *zDialog = new ShiftReportDialog(z, this);
        zDialog->setAttribute(Qt::WA_DeleteOnClose);
        focusScanBoxAfter(zDialog);
        zDialog->open();
    });
    focusScanBoxAfter(dialog);
    dialog->open();
}

} // namespace sk
