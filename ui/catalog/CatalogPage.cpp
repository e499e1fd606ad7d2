#include "catalog/CatalogPage.h"

#include "CategoryTreeModel.h"
#include "Navigation.h"
#include "ProductTableModel.h"
#include "auth/Permissions.h"
#include "auth/UserService.h"
#include "catalog/BulkEditDialog.h"
#include "catalog/CatalogFilterBar.h"
#include "catalog/CatalogTransfer.h"
#include "catalog/CategoryPanel.h"
#include "catalog/ProductCountText.h"
#include "catalog/ProductEditorDialog.h"
#include "catalog/ProductService.h"
#include "common/ErrorMessageBox.h"
#include "common/InlineMessage.h"
#include "common/PageHeader.h"
#include "core/Money.h"
#include "db/ChangeLog.h"
#include "db/ChangeWatcher.h"
#include "shop/SettingsService.h"

#include <QAction>
#include <QCoro/QCoroFuture>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace sk {

namespace {

// Short enough that the table follows the typing, long enough that a word
// typed quickly is one query, not one per letter.
constexpr auto SearchDelay = 150ms;
constexpr int ThumbnailExtent = 32;

CatalogPage::EditorOpener productEditorOpener(const Services &services, const Session &session)
{
    return [services, session](CatalogPage *page, std::optional<qint64> productId) {
        auto *dialog = new ProductEditorDialog(services, session, productId, page);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(dialog, &ProductEditorDialog::saved, page, &CatalogPage::productSaved);
        dialog->open();
    };
}

} // namespace

CatalogPage::CatalogPage(const Services &services, const Session &session, QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_session(session),
      m_mayManage(isAllowed(session.role, Permission::ManageAllProducts)
                  || (isAllowed(session.role, Permission::ManageOwnProducts) && session.vendorId.has_value())),
      m_seesAllVendors(isAllowed(session.role, Permission::ManageUsers)),
      m_model(new ProductTableModel(services.search, this)),
      m_search(new QLineEdit(this)),
      m_filters(new CatalogFilterBar(this)),
      m_categories(new CategoryPanel(services, session, this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_view(new QTableView(this)),
      m_count(new QLabel(this)),
      m_feedback(new InlineMessage(this)),
      m_newButton(new QPushButton(tr("&New product…"), this)),
      m_editButton(new QPushButton(tr("&Edit…"), this)),
      m_removeButton(new QPushButton(tr("&Delete…"), this)),
      m_bulkButton(new QPushButton(tr("&Bulk edit…"), this)),
      m_importButton(new QPushButton(tr("&Import…"), this)),
      m_exportButton(new QPushButton(tr("E&xport…"), this)),
      m_searchAction(new QAction(tr("Find products"), this)),
      m_newAction(new QAction(tr("New product…"), this)),
      m_editAction(new QAction(tr("Edit product…"), this)),
      m_removeAction(new QAction(tr("Delete product…"), this)),
      m_bulkAction(new QAction(tr("Bulk edit…"), this)),
      m_openEditor(productEditorOpener(services, session))
{
    setObjectName(u"catalogPage"_s);

    m_search->setObjectName(u"productSearch"_s);
    m_search->setPlaceholderText(tr("Name, brand, SKU or barcode"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    auto *searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);
    m_count->setObjectName(u"productCount"_s);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(searchLabel);
    searchRow->addWidget(m_search, 1);
    searchRow->addSpacing(12);
    searchRow->addWidget(m_count);

    m_newButton->setObjectName(u"newProductButton"_s);
    m_editButton->setObjectName(u"editProductButton"_s);
    m_removeButton->setObjectName(u"removeProductButton"_s);
    m_bulkButton->setObjectName(u"bulkEditButton"_s);
    m_importButton->setObjectName(u"importProductsButton"_s);
    m_exportButton->setObjectName(u"exportProductsButton"_s);
    m_newButton->setToolTip(tr("A new product (Ins or Ctrl+N)."));
    m_editButton->setToolTip(tr("Opens the selected product (Enter or double-click)."));
    m_bulkButton->setToolTip(tr("Changes prices, category or status of every selected product at once."));
    m_importButton->setToolTip(tr("Reads products from a Storekeeper or Shopify product CSV file."));
    m_exportButton->setToolTip(tr("Writes the catalog to a CSV file that Storekeeper and Shopify can read."));
    auto *buttonRow = new QHBoxLayout;
    for (QPushButton *button : {m_newButton, m_editButton, m_removeButton, m_bulkButton}) {
        button->setAutoDefault(false);
        button->setVisible(m_mayManage);
        buttonRow->addWidget(button);
    }
    buttonRow->addStretch(1);
    for (QPushButton *button : {m_importButton, m_exportButton}) {
        button->setAutoDefault(false);
        buttonRow->addWidget(button);
    }
    m_importButton->setVisible(m_mayManage);

    m_searchAction->setObjectName(u"findProductsAction"_s);
    m_searchAction->setShortcuts({QKeySequence::Find, QKeySequence(Qt::Key_F3)});
    m_searchAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_searchAction);
    m_newAction->setObjectName(u"newProductAction"_s);
    m_newAction->setShortcuts({QKeySequence(Qt::Key_Insert), QKeySequence::New});
    m_newAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_newAction->setEnabled(m_mayManage);
    addAction(m_newAction);
    // Enter and Delete mean "this product" only while the table has the focus.
    m_editAction->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    m_editAction->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(m_editAction);
    m_removeAction->setShortcut(QKeySequence::Delete);
    m_removeAction->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(m_removeAction);

    m_view->setObjectName(u"productTable"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setIconSize(QSize(ThumbnailExtent, ThumbnailExtent));
    m_view->setAccessibleName(tr("Products"));
    m_model->setThumbnailExtent(ThumbnailExtent);
    QHeaderView *rows = m_view->verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(std::max(ThumbnailExtent + 6, m_view->fontMetrics().height() + 10));
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    header->setSortIndicator(ProductTableModel::NameColumn, Qt::AscendingOrder);
    // Wide enough for the header (with its sort arrow) and for a typical
    // long value, so that prices and dates are never cut.
    const QFontMetrics metrics = m_view->fontMetrics();
    const auto fit = [this, &metrics, header](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, std::max(metrics.horizontalAdvance(title) + 28,
                                               metrics.horizontalAdvance(sample) + 16));
    };
    QString longestStatus;
    for (ProductStatus status : {ProductStatus::Active, ProductStatus::Inactive, ProductStatus::OutOfStock,
                                 ProductStatus::Discontinued})
        if (productStatusDisplayName(status).size() > longestStatus.size())
            longestStatus = productStatusDisplayName(status);
    header->setMinimumSectionSize(ThumbnailExtent + 8);
    header->resizeSection(ProductTableModel::ThumbnailColumn, ThumbnailExtent + 12);
    header->setSectionResizeMode(ProductTableModel::ThumbnailColumn, QHeaderView::Fixed);
    // The name matters most: it keeps a readable width, and a narrow window
    // scrolls sideways rather than squeezing it.
    fit(ProductTableModel::NameColumn, u"Stainless Steel Espresso Pot, 6 Cups"_s);
    fit(ProductTableModel::SkuColumn, u"ABC-1234-XL"_s);
    fit(ProductTableModel::BrandColumn, u"Villeroy"_s);
    fit(ProductTableModel::VendorColumn, u"Acme Tools"_s);
    fit(ProductTableModel::CategoryColumn, u"Kitchenware"_s);
    fit(ProductTableModel::StatusColumn, longestStatus);
    fit(ProductTableModel::PriceColumn, Money(99'999'99, u"EUR").toString(QLocale()));
    fit(ProductTableModel::RatingColumn, tr("%1 (%2)").arg(QLocale().toString(4.5, 'f', 1), QLocale().toString(123)));
    fit(ProductTableModel::VariantsColumn, QLocale().toString(100));
    fit(ProductTableModel::CreatedColumn, QLocale().toString(QDate(2026, 12, 31), QLocale::ShortFormat));
    // A vendor's table holds only their own products.
    m_view->setColumnHidden(ProductTableModel::VendorColumn, session.vendorId.has_value());
    m_view->setSortingEnabled(true);

    const int charWidth = metrics.averageCharWidth();
    m_splitter->setObjectName(u"catalogSplitter"_s);
    m_splitter->addWidget(m_categories);
    m_splitter->addWidget(m_view);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({m_categories->minimumSizeHint().width() + charWidth * 4, charWidth * 140});

    m_feedback->setObjectName(u"catalogFeedback"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new PageHeader(pageTitle(Page::Catalog), pageSummary(Page::Catalog), this));
    layout->addSpacing(4);
    layout->addLayout(searchRow);
    layout->addWidget(m_filters);
    layout->addLayout(buttonRow);
    layout->addWidget(m_feedback);
    layout->addWidget(m_splitter, 1);

    setTabOrder(m_search, m_filters);
    setTabOrder(m_filters, m_categories->view());
    setTabOrder(m_categories->view(), m_view);
    setTabOrder(m_view, m_newButton);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(SearchDelay);
    connect(m_search, &QLineEdit::textChanged, &m_searchDelay, qOverload<>(&QTimer::start));
    connect(&m_searchDelay, &QTimer::timeout, this, &CatalogPage::applyQuery);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        applyQuery();
    });
    connect(m_filters, &CatalogFilterBar::changed, this, [this] {
        m_feedback->clear();
        applyQuery();
    });
    connect(m_filters, &CatalogFilterBar::invalid, m_feedback, &InlineMessage::showError);
    connect(m_categories, &CategoryPanel::categorySelected, this, &CatalogPage::applyQuery);
    connect(m_categories, &CategoryPanel::changed, this, [this](const QString &doneText) {
        m_feedback->showInformation(doneText);
        // Category names in the table may have changed with it.
        m_model->reload();
    });

    // After QTableView's own handler has asked the model to sort: the
    // indicator then shows the order the database really uses.
    connect(header, &QHeaderView::sortIndicatorChanged, this, &CatalogPage::syncSortIndicator);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CatalogPage::syncSortIndicator);

    connect(m_searchAction, &QAction::triggered, this, &CatalogPage::focusSearch);
    connect(m_newButton, &QPushButton::clicked, this, &CatalogPage::newProduct);
    connect(m_editButton, &QPushButton::clicked, this, &CatalogPage::editProduct);
    connect(m_removeButton, &QPushButton::clicked, this, &CatalogPage::removeProduct);
    connect(m_bulkButton, &QPushButton::clicked, this, &CatalogPage::bulkEdit);
    connect(m_importButton, &QPushButton::clicked, this, &CatalogPage::importProducts);
    connect(m_exportButton, &QPushButton::clicked, this, &CatalogPage::exportProducts);
    connect(m_newAction, &QAction::triggered, this, &CatalogPage::newProduct);
    connect(m_editAction, &QAction::triggered, this, &CatalogPage::editProduct);
    connect(m_removeAction, &QAction::triggered, this, &CatalogPage::removeProduct);
    connect(m_bulkAction, &QAction::triggered, this, &CatalogPage::bulkEdit);
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const qint64 productId = m_model->productIdAt(index.row());
        if (m_mayManage && productId != 0 && m_openEditor)
            m_openEditor(this, productId);
    });
    connect(m_view, &QTableView::customContextMenuRequested, this, [this](const QPoint &position) {
        if (!m_mayManage)
            return;
        QMenu menu(this);
        if (m_view->indexAt(position).isValid())
            menu.addActions({m_editAction, m_bulkAction, m_removeAction});
        menu.addSeparator();
        menu.addAction(m_newAction);
        menu.exec(m_view->viewport()->mapToGlobal(position));
    });

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &CatalogPage::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CatalogPage::updateActions);
    connect(m_model, &ProductTableModel::totalCountChanged, this, &CatalogPage::updateCount);
    connect(m_model, &ProductTableModel::loadingChanged, this, &CatalogPage::updateCount);
    connect(m_model, &ProductTableModel::idsLoaded, this, [this] {
        if (m_selectAfterLoad != 0 && selectProduct(m_selectAfterLoad))
            m_selectAfterLoad = 0;
        updateActions();
    });
    for (auto arrived : {&ProductTableModel::firstScreenLoaded, &ProductTableModel::idsLoaded})
        connect(m_model, arrived, this, [this] {
            if (m_selectFirstWhenLoaded && m_model->rowCount() > 0) {
                m_selectFirstWhenLoaded = false;
                selectFirstRow();
            }
            announceWhenLoaded();
        });
    connect(m_categories->model(), &CategoryTreeModel::loaded, this, &CatalogPage::announceWhenLoaded);
    // Other registers' edits show in the rows without a reload.
    if (services.changes) {
        connect(services.changes.get(), &ChangeWatcher::changed, m_model,
                [model = m_model](const QString &topic, const QList<qint64> &ids) {
                    if (topic == ChangeTopic::Products)
                        model->refreshRows(ids);
                });
        connect(services.changes.get(), &ChangeWatcher::resynchronise, m_model, [this] {
            if (m_started)
                m_model->reload();
        });
    }
    connect(m_model, &ProductTableModel::loadFailed, this, [this](const QString &message, const QString &details) {
        showErrorMessage(this, tr("Catalog"), Error::make(ErrorCode::Unavailable, message, details));
    });
    updateActions();
    updateCount();
}

void CatalogPage::start()
{
    if (m_started)
        return;
    m_started = true;
    m_model->setSession(m_session);
    m_categories->start();
    loadShopDetails();
}

void CatalogPage::announceWhenLoaded()
{
    if (m_loaded || !m_categories->model()->isLoaded() || !m_model->hasFirstScreen())
        return;
    m_loaded = true;
    emit loaded();
}

void CatalogPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    start();
}

bool CatalogPage::eventFilter(QObject *watched, QEvent *event)
{
    // Down from the search box goes to the first product: search, look,
    // Enter, without touching the mouse.
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_PageDown) {
            m_searchDelay.stop();
            applyQuery();
            m_view->setFocus(Qt::ShortcutFocusReason);
            // A query just typed is still on its way: its first row is
            // selected when it arrives.
            if (m_model->isLoading())
                m_selectFirstWhenLoaded = true;
            else if (!m_view->selectionModel()->hasSelection())
                selectFirstRow();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QCoro::Task<> CatalogPage::loadShopDetails()
{
    QPointer<CatalogPage> guard(this);
    const QFuture<Result<ShopSettings>> pendingSettings = m_services.settings->load();
    const Result<ShopSettings> settings = co_await pendingSettings;
    if (!guard)
        co_return;
    if (settings) {
        m_currency = settings->currency;
        m_filters->setCurrency(m_currency);
    }
    // Only those who see every vendor's products may choose among vendors.
    if (!m_seesAllVendors)
        co_return;
    const QFuture<Result<QList<Vendor>>> pendingVendors = m_services.users->vendors(m_session);
    const Result<QList<Vendor>> vendors = co_await pendingVendors;
    if (!guard || !vendors)
        co_return;
    m_filters->setVendors(vendors.value());
}

void CatalogPage::applyQuery()
{
    ProductSearchQuery query = m_model->query();
    const QString previousText = query.text;
    query.text = m_search->text().trimmed();
    query.categoryId = m_categories->selectedCategory();
    if (!m_filters->apply(query)) {
        m_feedback->showError(m_filters->problem());
        return;
    }
    // A new search starts with the best matches first; a header click
    // afterwards orders them otherwise.
    if (previousText.isEmpty() && !query.text.isEmpty())
        query.sort = ProductSort::Relevance;
    m_model->setQuery(query);
}

void CatalogPage::syncSortIndicator()
{
    const auto [column, order] =
        ProductTableModel::sortIndicatorFor(m_model->query().sort, !m_model->query().text.isEmpty());
    QHeaderView *header = m_view->horizontalHeader();
    if (header->sortIndicatorSection() == column && header->sortIndicatorOrder() == order)
        return;
    const QSignalBlocker blocker(header);
    header->setSortIndicator(column, order);
    header->viewport()->update();
}

QString CatalogPage::countText() const
{
    return m_count->text();
}

QString CatalogPage::feedback() const
{
    return m_feedback->text();
}

void CatalogPage::updateCount()
{
    const qint64 total = m_model->totalCount();
    const ProductSearchQuery &query = m_model->query();
    const bool narrowed = !query.text.isEmpty() || query.categoryId || m_filters->isFiltering();
    if (total < 0)
        m_count->setText(m_model->isLoading() ? tr("Counting products…") : QString());
    else if (total == 0)
        m_count->setText(narrowed ? tr("No product matches") : tr("No products yet"));
    else if (m_model->isTruncated())
        m_count->setText(tr("The best %1 (more match: type more to narrow them)").arg(productCountText(total)));
    else
        m_count->setText(productCountText(total));
}

QList<std::pair<int, int>> CatalogPage::selectedRowSpans() const
{
    // Merged, so that a selection of a million rows is a handful of spans
    // and never a million indexes.
    QList<std::pair<int, int>> spans;
    const QItemSelection selection = m_view->selectionModel()->selection();
    for (const QItemSelectionRange &range : selection)
        spans.append({range.top(), range.bottom()});
    std::sort(spans.begin(), spans.end());
    QList<std::pair<int, int>> merged;
    for (const auto &span : std::as_const(spans)) {
        if (!merged.isEmpty() && span.first <= merged.constLast().second + 1)
            merged.last().second = std::max(merged.constLast().second, span.second);
        else
            merged.append(span);
    }
    return merged;
}

int CatalogPage::selectedRowCount() const
{
    int count = 0;
    for (const auto &[top, bottom] : selectedRowSpans())
        count += bottom - top + 1;
    return count;
}

QList<qint64> CatalogPage::selectedProductIds() const
{
    QList<qint64> ids;
    for (const auto &[top, bottom] : selectedRowSpans())
        for (int row = top; row <= bottom; ++row)
            if (const qint64 id = m_model->productIdAt(row); id != 0)
                ids.append(id);
    return ids;
}

bool CatalogPage::selectProduct(qint64 productId)
{
    const int row = m_model->rowOfProduct(productId);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, ProductTableModel::NameColumn);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

void CatalogPage::selectFirstRow()
{
    const QModelIndex first = m_model->index(0, ProductTableModel::NameColumn);
    if (first.isValid())
        m_view->selectionModel()->setCurrentIndex(first,
                                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void CatalogPage::updateActions()
{
    const int selected = selectedRowCount();
    const bool one = selected == 1;
    m_editButton->setEnabled(m_mayManage && one);
    m_editAction->setEnabled(m_mayManage && one);
    m_removeButton->setEnabled(m_mayManage && one);
    m_removeAction->setEnabled(m_mayManage && one);
    m_removeButton->setToolTip(selected > 1 ? tr("Select one product to delete. To take several out of sale, use "
                                                 "Bulk edit and set their status.")
                                            : tr("Deletes the selected product (Del)."));
    m_bulkButton->setEnabled(m_mayManage && selected > 0);
    m_bulkAction->setEnabled(m_mayManage && selected > 0);
}

void CatalogPage::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void CatalogPage::setEditorOpener(EditorOpener opener)
{
    m_openEditor = std::move(opener);
}

void CatalogPage::productSaved(qint64 productId)
{
    m_feedback->showInformation(tr("Saved the product."));
    reloadAndSelect(productId);
}

void CatalogPage::newProduct()
{
    if (m_mayManage && m_openEditor)
        m_openEditor(this, std::nullopt);
}

void CatalogPage::editProduct()
{
    const QList<qint64> ids = selectedProductIds();
    if (!m_mayManage || ids.size() != 1 || !m_openEditor)
        return;
    m_openEditor(this, ids.constFirst());
}

void CatalogPage::removeProduct()
{
    const QList<qint64> ids = selectedProductIds();
    if (!m_mayManage || ids.size() != 1)
        return;
    const qint64 productId = ids.constFirst();
    const std::optional<ProductRow> row = m_model->productAt(m_model->rowOfProduct(productId));
    const QString name = row ? row->name : tr("product number %1").arg(productId);
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete product"),
                                tr("Delete %1 with its variants and pictures? This cannot be undone.").arg(name),
                                QMessageBox::Cancel, this);
    box->setObjectName(u"confirmRemoveBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("To stop selling it but keep its history, set its status to Discontinued instead."));
    QPushButton *remove = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    remove->setObjectName(u"confirmRemoveButton"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(remove, &QPushButton::clicked, this, [this, productId, name] { runRemove(productId, name); });
    box->open();
}

QCoro::Task<> CatalogPage::runRemove(qint64 productId, QString name)
{
    QPointer<CatalogPage> guard(this);
    m_feedback->clear();
    const QFuture<Status> pending = m_services.products->remove(m_session, productId);
    const Status removed = co_await pending;
    if (!guard)
        co_return;
    if (!removed) {
        showErrorMessage(this, tr("Delete product"), removed.error());
        co_return;
    }
    m_feedback->showInformation(tr("Deleted %1.").arg(name));
    m_model->reload();
}

void CatalogPage::bulkEdit()
{
    const QList<qint64> ids = selectedProductIds();
    if (!m_mayManage || ids.isEmpty())
        return;
    auto *dialog = new BulkEditDialog(int(ids.size()), m_currency, m_categories->model()->categoryPaths(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, ids] {
        BulkEdit edit = dialog->edit();
        edit.productIds = ids;
        auto *box = new QMessageBox(QMessageBox::Question, tr("Bulk edit"), dialog->confirmation(),
                                    QMessageBox::Cancel, this);
        box->setObjectName(u"confirmBulkEditBox"_s);
        box->setAttribute(Qt::WA_DeleteOnClose);
        QPushButton *change =
            box->addButton(tr("Change %1").arg(productCountText(ids.size())), QMessageBox::AcceptRole);
        change->setObjectName(u"confirmBulkEditButton"_s);
        box->setDefaultButton(change);
        connect(change, &QPushButton::clicked, this, [this, edit] { runBulkEdit(edit); });
        box->open();
    });
    dialog->open();
}

QCoro::Task<> CatalogPage::runBulkEdit(BulkEdit edit)
{
    QPointer<CatalogPage> guard(this);
    m_feedback->clear();
    const QFuture<Result<int>> pending = m_services.products->bulkEdit(m_session, edit);
    const Result<int> changed = co_await pending;
    if (!guard)
        co_return;
    if (!changed) {
        showErrorMessage(this, tr("Bulk edit"), changed.error());
        co_return;
    }
    m_feedback->showInformation(tr("Changed %1.").arg(productCountText(changed.value())));
    m_model->reload();
}

void CatalogPage::importProducts()
{
    if (!m_mayManage)
        return;
    auto *transfer = new CatalogTransfer(m_services, m_session, this);
    connect(transfer, &CatalogTransfer::finished, this, [this, transfer](const QString &summary, bool changedCatalog) {
        transfer->deleteLater();
        if (!summary.isEmpty())
            m_feedback->showInformation(summary);
        if (changedCatalog) {
            m_model->reload();
            m_categories->model()->reload();
        }
    });
    transfer->chooseAndImport();
}

void CatalogPage::exportProducts()
{
    auto *transfer = new CatalogTransfer(m_services, m_session, this);
    connect(transfer, &CatalogTransfer::finished, this, [this, transfer](const QString &summary, bool) {
        transfer->deleteLater();
        if (!summary.isEmpty())
            m_feedback->showInformation(summary);
    });
    transfer->chooseAndExport();
}

void CatalogPage::reloadAndSelect(qint64 productId)
{
    m_selectAfterLoad = productId;
    m_model->reload();
}

} // namespace sk
