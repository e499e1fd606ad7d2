#include "inventory/StocktakeDialog.h"

#include "common/InlineMessage.h"
#include "core/Money.h"
#include "inventory/ScanBox.h"

#include <QApplication>
#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr int VariantIdRole = Qt::UserRole + 1;
// A scan adds a handful at most (a case of 24, a pallet layer); larger is a typo.
constexpr int MaxUnitsPerScan = 10'000;

QTableWidgetItem *readOnly(const QString &text, Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    item->setTextAlignment(alignment);
    return item;
}

QString signedText(qint64 value)
{
    const QLocale locale;
    return value > 0 ? locale.positiveSign() + locale.toString(value) : locale.toString(value);
}

} // namespace

StocktakeDialog::StocktakeDialog(const Services &services, const Session &session, const QList<Location> &locations,
                                 std::optional<qint64> locationId, const QString &currency, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_currency(currency),
      m_pages(new QStackedWidget(this)),
      m_location(new QComboBox(this)),
      m_start(new QPushButton(tr("&Start count"), this)),
      m_heading(new QLabel(this)),
      m_scan(new ScanBox(this)),
      m_quantity(new QSpinBox(this)),
      m_table(new QTableWidget(0, ColumnCount, this)),
      m_summary(new QLabel(this)),
      m_message(new InlineMessage(this)),
      m_post(new QPushButton(tr("&Post differences…"), this)),
      m_cancelCount(new QPushButton(tr("&Cancel count…"), this))
{
    setObjectName(u"stocktakeDialog"_s);
    setWindowTitle(tr("Stocktake"));

    // Page 0: where to count.
    m_location->setObjectName(u"locationCombo"_s);
    for (const Location &location : locations)
        if (location.isActive)
            m_location->addItem(location.name, location.id);
    if (locationId)
        m_location->setCurrentIndex(std::max(0, m_location->findData(*locationId)));
    m_start->setObjectName(u"startCountButton"_s);
    m_start->setAutoDefault(false);
    m_start->setEnabled(false);
    auto *startPage = new QWidget(this);
    auto *startLayout = new QVBoxLayout(startPage);
    auto *explanation = new QLabel(tr("Counting takes a snapshot of what the shelves should hold. Sales made while "
                                      "you count are taken into account when the differences are posted."),
                                   startPage);
    explanation->setWordWrap(true);
    auto *startForm = new QFormLayout;
    startForm->addRow(tr("&Location:"), m_location);
    auto *startRow = new QHBoxLayout;
    startRow->addStretch(1);
    startRow->addWidget(m_start);
    startLayout->addWidget(explanation);
    startLayout->addLayout(startForm);
    startLayout->addLayout(startRow);
    startLayout->addStretch(1);

    // Page 1: the count.
    m_heading->setObjectName(u"stocktakeHeading"_s);
    m_heading->setTextFormat(Qt::PlainText);
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    m_quantity->setObjectName(u"scanQuantityBox"_s);
    m_quantity->setRange(1, MaxUnitsPerScan);
    m_quantity->setValue(1);
    m_quantity->setToolTip(tr("Units each scan adds: 1, or the size of a case scanned once."));
    auto *scanLabel = new QLabel(tr("S&can:"), this);
    scanLabel->setBuddy(m_scan);
    auto *quantityLabel = new QLabel(tr("&Units per scan:"), this);
    quantityLabel->setBuddy(m_quantity);
    auto *scanRow = new QHBoxLayout;
    scanRow->addWidget(scanLabel);
    scanRow->addWidget(m_scan, 1);
    scanRow->addSpacing(12);
    scanRow->addWidget(quantityLabel);
    scanRow->addWidget(m_quantity);

    m_table->setObjectName(u"stocktakeLines"_s);
    m_table->setHorizontalHeaderLabels(
        {tr("Product"), tr("SKU"), tr("Expected"), tr("Counted"), tr("Difference"), tr("Value")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeaderItem(CountedColumn)
        ->setToolTip(tr("Type a number to replace the count of that line."));
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(ProductColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = fontMetrics();
    const auto fit = [header, &metrics](int column, const QString &sample) {
        header->resizeSection(column, metrics.horizontalAdvance(sample) + 24);
    };
    fit(SkuColumn, u"ABCD-1234-XL"_s);
    fit(ExpectedColumn, tr("Expected"));
    fit(CountedColumn, tr("Counted"));
    fit(DifferenceColumn, tr("Difference"));
    fit(ValueColumn, Money(-99'999'99, m_currency).toString(QLocale()));
    m_summary->setObjectName(u"stocktakeSummary"_s);
    m_summary->setTextFormat(Qt::PlainText);

    auto *countPage = new QWidget(this);
    auto *countLayout = new QVBoxLayout(countPage);
    countLayout->setContentsMargins(0, 0, 0, 0);
    countLayout->addWidget(m_heading);
    countLayout->addLayout(scanRow);
    countLayout->addWidget(m_table, 1);
    countLayout->addWidget(m_summary);

    m_pages->addWidget(startPage);
    m_pages->addWidget(countPage);

    m_message->setObjectName(u"stocktakeMessage"_s);
    auto *buttons = new QDialogButtonBox(this);
    m_post->setObjectName(u"postCountButton"_s);
    m_post->setAutoDefault(false);
    m_cancelCount->setObjectName(u"cancelCountButton"_s);
    m_cancelCount->setAutoDefault(false);
    m_cancelCount->setToolTip(tr("Throws this count away; the stock stays as it is."));
    buttons->addButton(m_post, QDialogButtonBox::ActionRole);
    buttons->addButton(m_cancelCount, QDialogButtonBox::ActionRole);
    QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
    close->setAutoDefault(false);
    close->setToolTip(tr("The count stays open: opening Stocktake again resumes it."));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(m_start, &QPushButton::clicked, this, &StocktakeDialog::startCount);
    connect(m_post, &QPushButton::clicked, this, &StocktakeDialog::requestPost);
    connect(m_cancelCount, &QPushButton::clicked, this, &StocktakeDialog::requestCancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_location, &QComboBox::currentIndexChanged, this, [this] { findOpenCount(); });
    connect(m_scan, &ScanBox::scanned, this, [this](const QString &code) {
        m_message->clear();
        count(code, m_quantity->value());
        // One case scanned: the next scan is a single unit again.
        m_quantity->setValue(1);
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_filling || item->column() != CountedColumn)
            return;
        const qint64 variantId = m_table->item(item->row(), ProductColumn)->data(VariantIdRole).toLongLong();
        bool ok = false;
        const QString text = item->text().trimmed();
        const qint64 quantity = QLocale().toLongLong(text, &ok);
        if (!ok || quantity < 0) {
            QApplication::beep();
            m_message->showError(
                tr("A count is a whole number of zero or more; \"%1\" is not. Nothing was changed.").arg(text));
            for (const StocktakeLine &line : std::as_const(m_lines))
                if (line.variantId == variantId)
                    showLine(line);
            return;
        }
        m_message->clear();
        setCount(variantId, quantity);
    });

    m_post->setEnabled(false);
    m_cancelCount->setEnabled(false);
    resize(metrics.averageCharWidth() * 110, metrics.height() * 34);
    findOpenCount();
}

qint64 StocktakeDialog::chosenLocationId() const
{
    return m_location->currentData().toLongLong();
}

QString StocktakeDialog::message() const
{
    return m_message->text();
}

QString StocktakeDialog::summary() const
{
    return m_summary->text();
}

int StocktakeDialog::rowOfSku(const QString &sku) const
{
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, SkuColumn)->text() == sku)
            return row;
    return -1;
}

QCoro::Task<> StocktakeDialog::findOpenCount()
{
    QPointer<StocktakeDialog> guard(this);
    m_ready = false;
    m_start->setEnabled(false);
    const qint64 locationId = chosenLocationId();
    const QFuture<Result<QList<Stocktake>>> pending = m_services.stocktakes->list(m_session, locationId);
    const Result<QList<Stocktake>> counts = co_await pending;
    if (!guard || locationId != chosenLocationId())
        co_return;
    if (!counts) {
        m_message->showError(counts.error().message);
        co_return;
    }
    m_stocktake.reset();
    for (const Stocktake &stocktake : counts.value()) {
        if (stocktake.status == StocktakeStatus::Open && stocktake.locationId == locationId) {
            m_stocktake = stocktake;
            break;
        }
    }
    if (!m_stocktake) {
        m_pages->setCurrentIndex(0);
        m_start->setEnabled(true);
        m_post->setEnabled(false);
        m_cancelCount->setEnabled(false);
        m_ready = true;
        m_start->setFocus();
        emit ready();
        co_return;
    }
    co_await loadLines();
}

void StocktakeDialog::startCount()
{
    if (!m_busy && !m_stocktake)
        runStart();
}

QCoro::Task<> StocktakeDialog::runStart()
{
    QPointer<StocktakeDialog> guard(this);
    m_busy = true;
    m_start->setEnabled(false);
    m_message->clear();
    StocktakeScope scope;
    scope.locationId = chosenLocationId();
    const QFuture<Result<Stocktake>> pending = m_services.stocktakes->start(m_session, scope);
    const Result<Stocktake> started = co_await pending;
    if (!guard)
        co_return;
    m_busy = false;
    if (!started) {
        m_start->setEnabled(true);
        m_message->showError(started.error().message);
        co_return;
    }
    m_stocktake = started.value();
    co_await loadLines();
}

QCoro::Task<> StocktakeDialog::loadLines()
{
    if (!m_stocktake)
        co_return;
    QPointer<StocktakeDialog> guard(this);
    const QFuture<Result<QList<StocktakeLine>>> pending = m_services.stocktakes->lines(m_session, m_stocktake->id);
    const Result<QList<StocktakeLine>> lines = co_await pending;
    if (!guard)
        co_return;
    if (!lines) {
        m_message->showError(lines.error().message);
        co_return;
    }
    m_lines = lines.value();
    m_filling = true;
    m_table->setRowCount(0);
    m_rowOfVariant.clear();
    m_filling = false;
    for (const StocktakeLine &line : std::as_const(m_lines))
        showLine(line);
    const QLocale locale;
    m_heading->setText(tr("Count %1 at %2, started %3")
                           .arg(locale.toString(m_stocktake->id), m_stocktake->locationName.isEmpty()
                                                                      ? m_location->currentText()
                                                                      : m_stocktake->locationName,
                                locale.toString(m_stocktake->startedAt.toLocalTime(), QLocale::ShortFormat)));
    m_location->setEnabled(false);
    m_pages->setCurrentIndex(1);
    m_cancelCount->setEnabled(true);
    updateSummary();
    m_ready = true;
    m_scan->setFocus();
    emit ready();
}

void StocktakeDialog::showLine(const StocktakeLine &line)
{
    const QLocale locale;
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    m_filling = true;
    int row = m_rowOfVariant.value(line.variantId, -1);
    if (row < 0) {
        row = m_table->rowCount();
        m_table->insertRow(row);
        m_rowOfVariant.insert(line.variantId, row);
        const QString name =
            line.options.isEmpty() ? line.productName : tr("%1 (%2)").arg(line.productName, line.options);
        QTableWidgetItem *product = readOnly(name);
        product->setData(VariantIdRole, line.variantId);
        m_table->setItem(row, ProductColumn, product);
        m_table->setItem(row, SkuColumn, readOnly(line.sku));
        m_table->setItem(row, ExpectedColumn, readOnly(QString(), right));
        auto *counted = new QTableWidgetItem;
        counted->setTextAlignment(right);
        m_table->setItem(row, CountedColumn, counted);
        m_table->setItem(row, DifferenceColumn, readOnly(QString(), right));
        m_table->setItem(row, ValueColumn, readOnly(QString(), right));
    }
    m_table->item(row, ExpectedColumn)->setText(locale.toString(line.expected));
    m_table->item(row, CountedColumn)->setText(line.counted ? locale.toString(*line.counted) : QString());
    m_table->item(row, DifferenceColumn)->setText(line.counted ? signedText(line.difference()) : QString());
    const std::optional<Money> value = line.counted ? line.differenceValue() : std::nullopt;
    m_table->item(row, ValueColumn)->setText(value ? value->toString(locale) : QString());
    QColor colour;
    if (line.counted && line.difference() < 0)
        colour = QColor(Qt::red).darker(130);
    else if (line.counted && line.difference() > 0)
        colour = QColor(Qt::darkGreen);
    for (int column : {DifferenceColumn, ValueColumn})
        m_table->item(row, column)->setForeground(colour.isValid() ? QBrush(colour) : QBrush());
    m_filling = false;
}

QCoro::Task<> StocktakeDialog::count(QString code, qint64 quantity)
{
    if (!m_stocktake)
        co_return;
    QPointer<StocktakeDialog> guard(this);
    ++m_pendingCounts;
    const QFuture<Result<StocktakeLine>> pending =
        m_services.stocktakes->countCode(m_session, m_stocktake->id, code, quantity, CountMode::Add);
    const Result<StocktakeLine> line = co_await pending;
    if (!guard)
        co_return;
    --m_pendingCounts;
    if (!line) {
        QApplication::beep();
        m_message->showError(line.error().code == ErrorCode::NotFound
                                 ? tr("No product has the barcode or SKU \"%1\". Check the code; nothing was "
                                      "counted.")
                                       .arg(code)
                                 : line.error().message);
        co_return;
    }
    bool known = false;
    for (StocktakeLine &existing : m_lines) {
        if (existing.variantId == line->variantId) {
            existing = line.value();
            known = true;
        }
    }
    if (!known)
        m_lines.append(line.value());
    showLine(line.value());
    const int row = m_rowOfVariant.value(line->variantId, -1);
    if (row >= 0) {
        m_table->selectRow(row);
        m_table->scrollToItem(m_table->item(row, ProductColumn));
    }
    updateSummary();
}

QCoro::Task<> StocktakeDialog::setCount(qint64 variantId, qint64 quantity)
{
    if (!m_stocktake)
        co_return;
    QPointer<StocktakeDialog> guard(this);
    ++m_pendingCounts;
    const QFuture<Result<StocktakeLine>> pending =
        m_services.stocktakes->countVariant(m_session, m_stocktake->id, variantId, quantity, CountMode::Replace);
    const Result<StocktakeLine> line = co_await pending;
    if (!guard)
        co_return;
    --m_pendingCounts;
    if (!line) {
        m_message->showError(line.error().message);
        for (const StocktakeLine &existing : std::as_const(m_lines))
            if (existing.variantId == variantId)
                showLine(existing);
        co_return;
    }
    for (StocktakeLine &existing : m_lines)
        if (existing.variantId == variantId)
            existing = line.value();
    showLine(line.value());
    updateSummary();
}

void StocktakeDialog::updateSummary()
{
    const QLocale locale;
    qint64 counted = 0;
    qint64 gained = 0;
    qint64 lost = 0;
    Money value = Money::zero(m_currency);
    for (const StocktakeLine &line : std::as_const(m_lines)) {
        if (!line.counted)
            continue;
        ++counted;
        const qint64 difference = line.difference();
        (difference > 0 ? gained : lost) += std::abs(difference);
        if (const std::optional<Money> lineValue = line.differenceValue();
            lineValue && lineValue->currency() == m_currency)
            value = value.checkedAdd(*lineValue).value_or(value);
    }
    m_summary->setText(tr("Counted: %1 of %2 lines · units gained: %3 · units lost: %4 · value: %5")
                           .arg(locale.toString(counted), locale.toString(qint64(m_lines.size())),
                                locale.toString(gained), locale.toString(lost), value.toString(locale)));
    m_post->setEnabled(m_stocktake && counted > 0 && !m_busy);
    m_post->setToolTip(counted > 0 ? tr("Writes the differences as count corrections.")
                                   : tr("Count at least one line first."));
}

QString StocktakeDialog::confirmation() const
{
    const QLocale locale;
    qint64 lines = 0;
    qint64 net = 0;
    Money value = Money::zero(m_currency);
    for (const StocktakeLine &line : std::as_const(m_lines)) {
        if (!line.counted || line.difference() == 0)
            continue;
        ++lines;
        net += line.difference();
        if (const std::optional<Money> lineValue = line.differenceValue();
            lineValue && lineValue->currency() == m_currency)
            value = value.checkedAdd(*lineValue).value_or(value);
    }
    if (lines == 0)
        return tr("Every counted line matches. Post the count to close it?");
    return tr("Post the count? Lines corrected: %1; total difference: %2 units, worth %3. Uncounted lines stay as "
              "they are.")
        .arg(locale.toString(lines), signedText(net), value.toString(locale));
}

void StocktakeDialog::requestPost()
{
    if (!m_stocktake || m_busy)
        return;
    if (m_pendingCounts > 0) {
        m_message->showError(tr("Wait until the last scans are recorded, then post."));
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Post stocktake"), confirmation(), QMessageBox::Cancel,
                                this);
    box->setObjectName(u"confirmPostBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *post = box->addButton(tr("Post"), QMessageBox::AcceptRole);
    post->setObjectName(u"confirmPostButton"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(post, &QPushButton::clicked, this, [this] { runPost(); });
    box->open();
}

QCoro::Task<> StocktakeDialog::runPost()
{
    QPointer<StocktakeDialog> guard(this);
    m_busy = true;
    m_post->setEnabled(false);
    m_message->clear();
    const QFuture<Result<StocktakePosting>> pending = m_services.stocktakes->post(m_session, m_stocktake->id);
    const Result<StocktakePosting> posting = co_await pending;
    if (!guard)
        co_return;
    m_busy = false;
    if (!posting) {
        updateSummary();
        m_message->showError(posting.error().message);
        co_return;
    }
    const QLocale locale;
    emit posted(tr("Stocktake %1 posted: lines corrected %2, units gained %3, units lost %4, value %5.")
                    .arg(locale.toString(m_stocktake->id), locale.toString(posting->linesCorrected),
                         locale.toString(posting->unitsGained), locale.toString(posting->unitsLost),
                         posting->value.isValid() ? posting->value.toString(locale) : QString()));
    accept();
}

void StocktakeDialog::requestCancel()
{
    if (!m_stocktake || m_busy)
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Cancel stocktake"),
                                tr("Throw away count %1? What was counted is lost; the stock stays as it is.")
                                    .arg(QLocale().toString(m_stocktake->id)),
                                QMessageBox::Cancel, this);
    box->setObjectName(u"confirmCancelCountBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *discard = box->addButton(tr("Throw away"), QMessageBox::DestructiveRole);
    discard->setObjectName(u"confirmCancelCountButton"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(discard, &QPushButton::clicked, this, [this] { runCancel(); });
    box->open();
}

QCoro::Task<> StocktakeDialog::runCancel()
{
    QPointer<StocktakeDialog> guard(this);
    m_busy = true;
    const QFuture<Status> pending = m_services.stocktakes->cancel(m_session, m_stocktake->id);
    const Status cancelled = co_await pending;
    if (!guard)
        co_return;
    m_busy = false;
    if (!cancelled) {
        m_message->showError(cancelled.error().message);
        co_return;
    }
    m_stocktake.reset();
    m_lines.clear();
    m_table->setRowCount(0);
    m_rowOfVariant.clear();
    m_location->setEnabled(true);
    m_message->showInformation(tr("The count was thrown away; nothing changed."));
    co_await findOpenCount();
}

} // namespace sk
