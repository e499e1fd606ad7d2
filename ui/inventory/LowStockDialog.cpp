#include "inventory/LowStockDialog.h"

#include "common/InlineMessage.h"

#include <QCoro/QCoroFuture>
#include <QDate>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QTableWidgetItem *cell(const QString &text, bool number = false)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    item->setTextAlignment(number ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    return item;
}

} // namespace

LowStockDialog::LowStockDialog(const Services &services, const Session &session, const LowStockQuery &query,
                               QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_query(query),
      m_count(new QLabel(tr("Loading…"), this)),
      m_table(new QTableWidget(0, ColumnCount, this)),
      m_message(new InlineMessage(this)),
      m_export(new QPushButton(tr("&Export CSV…"), this))
{
    setObjectName(u"lowStockDialog"_s);
    setWindowTitle(tr("Low stock"));
    m_count->setObjectName(u"lowStockCount"_s);
    m_table->setObjectName(u"lowStockTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Location"), tr("Product"), tr("SKU"), tr("Vendor"), tr("Available"),
                                        tr("Reorder at"), tr("Order"), tr("Unit cost"), tr("Order value")});
    m_table->horizontalHeaderItem(SuggestedColumn)
        ->setToolTip(tr("The reorder quantity, or enough to reach twice the reorder level."));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSectionResizeMode(ProductColumn, QHeaderView::Stretch);
    // A vendor's list holds only their own products.
    m_table->setColumnHidden(VendorColumn, session.vendorId.has_value());
    m_message->setObjectName(u"lowStockMessage"_s);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_export->setObjectName(u"exportLowStockButton"_s);
    m_export->setAutoDefault(false);
    m_export->setEnabled(false);
    buttons->addButton(m_export, QDialogButtonBox::ActionRole);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_count);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_export, &QPushButton::clicked, this, &LowStockDialog::chooseExportFile);
    resize(fontMetrics().averageCharWidth() * 130, fontMetrics().height() * 30);
    load();
}

QString LowStockDialog::message() const
{
    return m_message->text();
}

QCoro::Task<> LowStockDialog::load()
{
    QPointer<LowStockDialog> guard(this);
    std::optional<LowStockCursor> after;
    do {
        const QFuture<Result<LowStockPage>> pending =
            m_services.lowStock->page(m_session, m_query, after, LowStock::kMaxPageSize);
        const Result<LowStockPage> page = co_await pending;
        if (!guard)
            co_return;
        if (!page) {
            m_count->clear();
            m_message->showError(page.error().message);
            co_return;
        }
        for (const LowStockLine &line : page->lines)
            appendLine(line);
        after = page->next;
    } while (after);
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(ProductColumn, QHeaderView::Stretch);
    m_count->setText(m_table->rowCount() == 0
                         ? tr("Nothing is at or below its reorder level.")
                         : tr("Lines at or below their reorder level: %1, emptiest first.")
                               .arg(QLocale().toString(m_table->rowCount())));
    m_export->setEnabled(m_table->rowCount() > 0);
    m_loaded = true;
    emit loaded();
}

void LowStockDialog::appendLine(const LowStockLine &line)
{
    const QLocale locale;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    const QString name =
        line.options.isEmpty() ? line.productName : tr("%1 (%2)").arg(line.productName, line.options);
    m_table->setItem(row, LocationColumn, cell(line.locationName));
    m_table->setItem(row, ProductColumn, cell(name));
    m_table->setItem(row, SkuColumn, cell(line.sku));
    m_table->setItem(row, VendorColumn, cell(line.vendorName));
    m_table->setItem(row, AvailableColumn, cell(locale.toString(line.available), true));
    m_table->setItem(row, ReorderLevelColumn, cell(locale.toString(line.reorderLevel), true));
    m_table->setItem(row, SuggestedColumn, cell(locale.toString(line.suggestedQuantity), true));
    m_table->setItem(row, UnitCostColumn, cell(line.unitCost ? line.unitCost->toString(locale) : QString(), true));
    m_table->setItem(row, SuggestedValueColumn,
                     cell(line.suggestedValue ? line.suggestedValue->toString(locale) : QString(), true));
    if (line.available <= 0)
        m_table->item(row, AvailableColumn)->setForeground(QColor(Qt::red).darker(130));
}

void LowStockDialog::chooseExportFile()
{
    auto *dialog = new QFileDialog(this, tr("Export low stock"),
                                   QDir::home().filePath(tr("low-stock-%1.csv")
                                                             .arg(QDate::currentDate().toString(Qt::ISODate))),
                                   tr("CSV files (*.csv)"));
    dialog->setObjectName(u"exportLowStockFileDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(u"csv"_s);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) { exportTo(path); });
    dialog->open();
}

QCoro::Task<> LowStockDialog::exportTo(QString path)
{
    QPointer<LowStockDialog> guard(this);
    m_export->setEnabled(false);
    m_message->clear();
    const QFuture<Result<qint64>> pending = m_services.lowStock->exportCsv(m_session, m_query, path);
    const Result<qint64> written = co_await pending;
    if (!guard)
        co_return;
    m_export->setEnabled(true);
    if (!written) {
        m_message->showError(written.error().message);
        co_return;
    }
    m_message->showInformation(
        tr("Saved the low stock list to %1 (lines: %2).")
            .arg(QDir::toNativeSeparators(path), QLocale().toString(written.value())));
    emit exported(path);
}

} // namespace sk
