#include "catalog/ProductEditorDialog.h"

#include "ProductImages.h"
#include "VariantTableModel.h"
#include "auth/Permissions.h"
#include "auth/UserService.h"
#include "catalog/CategoryService.h"
#include "catalog/ProductEditCommands.h"
#include "catalog/ProductImageService.h"
#include "catalog/ProductService.h"
#include "catalog/VariantGeneratorDialog.h"
#include "common/ErrorMessageBox.h"
#include "common/InlineMessage.h"
#include "shop/SettingsService.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr qint64 kNone = -1; // "no vendor" / "no category" in the combo boxes
constexpr int kDescriptionLines = 5;
constexpr int kMinimumColumnWidth = 72;   // pixels: room for "9999.99"
constexpr int kChoiceWidthInCharacters = 28;

QString standardTaxClass()
{
    return u"standard"_s;
}

} // namespace

ProductEditorDialog::ProductEditorDialog(const Services &services, const Session &session,
                                         std::optional<qint64> productId, QWidget *parent)
    : QDialog(parent),
      m_services(services),
      m_session(session),
      m_productId(productId),
      m_undo(new QUndoStack(this)),
      m_tabs(new QTabWidget(this)),
      m_undoButton(new QToolButton(this)),
      m_redoButton(new QToolButton(this)),
      m_name(new QLineEdit(this)),
      m_slug(new QLineEdit(this)),
      m_brand(new QLineEdit(this)),
      m_description(new QPlainTextEdit(this)),
      m_vendor(new QComboBox(this)),
      m_category(new QComboBox(this)),
      m_status(new QComboBox(this)),
      m_taxClass(new QComboBox(this)),
      m_detailsMessage(new InlineMessage(this)),
      m_variants(new VariantTableModel(this)),
      m_variantView(new QTableView(this)),
      m_addVariant(new QPushButton(tr("&Add variant"), this)),
      m_removeVariant(new QPushButton(tr("Re&move variant"), this)),
      m_generate(new QPushButton(tr("&Generate variants…"), this)),
      m_variantsMessage(new InlineMessage(this)),
      m_images(new ImageStrip(this)),
      m_altText(new QLineEdit(this)),
      m_addImage(new QPushButton(tr("&Add pictures…"), this)),
      m_removeImage(new QPushButton(tr("Re&move picture"), this)),
      m_moveImageLeft(new QPushButton(tr("Move &earlier"), this)),
      m_moveImageRight(new QPushButton(tr("Move &later"), this)),
      m_imagesMessage(new InlineMessage(this)),
      m_attributes(new ProductEditorAttributes(this)),
      m_attributesMessage(new InlineMessage(this)),
      m_message(new InlineMessage(this)),
      m_save(new QPushButton(tr("&Save"), this)),
      m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(u"productEditorDialog"_s);
    m_tabs->setObjectName(u"productEditorTabs"_s);
    m_tabs->addTab(buildDetailsTab(), tr("&Details"));
    m_tabs->addTab(buildVariantsTab(), tr("&Variants"));
    m_tabs->addTab(buildImagesTab(), tr("&Pictures"));
    auto *attributesPage = new QWidget(this);
    auto *attributesLayout = new QVBoxLayout(attributesPage);
    attributesLayout->addWidget(m_attributes);
    attributesLayout->addWidget(m_attributesMessage);
    m_tabs->addTab(attributesPage, tr("A&ttributes"));
    connect(m_attributes, &ProductEditorAttributes::editRequested, this,
            [this](const AttributeList &before, const AttributeList &after, const QString &text) {
                m_undo->push(new StateCommand<AttributeList>(text, before, after, [this](const AttributeList &state) {
                    m_attributes->setAttributes(state);
                }));
            });

    // Undo and redo: one stack for the whole product, its buttons name the
    // step they take back or repeat.
    QAction *undo = m_undo->createUndoAction(this, tr("Undo"));
    undo->setObjectName(u"undoAction"_s);
    undo->setShortcuts({QKeySequence::Undo});
    QAction *redo = m_undo->createRedoAction(this, tr("Redo"));
    redo->setObjectName(u"redoAction"_s);
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    addAction(undo);
    addAction(redo);
    m_undoButton->setObjectName(u"undoButton"_s);
    m_redoButton->setObjectName(u"redoButton"_s);
    m_undoButton->setDefaultAction(undo);
    m_redoButton->setDefaultAction(redo);
    m_undoButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_redoButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    connect(m_undo, &QUndoStack::cleanChanged, this, &ProductEditorDialog::updateTitle);

    auto *saveAction = new QAction(this);
    saveAction->setShortcut(QKeySequence::Save);
    connect(saveAction, &QAction::triggered, this, &ProductEditorDialog::save);
    addAction(saveAction);

    m_save->setObjectName(u"saveProductButton"_s);
    m_save->setToolTip(
        tr("Save the product (%1)").arg(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)));
    m_close->setObjectName(u"closeProductButton"_s);
    m_save->setAutoDefault(false);
    m_close->setAutoDefault(false);
    connect(m_save, &QPushButton::clicked, this, &ProductEditorDialog::save);
    connect(m_close, &QPushButton::clicked, this, &ProductEditorDialog::reject);
    m_message->setObjectName(u"productEditorMessage"_s);

    auto *top = new QHBoxLayout;
    top->addWidget(m_undoButton);
    top->addWidget(m_redoButton);
    top->addStretch(1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_message, 1);
    bottom->addStretch(0);
    bottom->addWidget(m_save);
    bottom->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(bottom);

    // Text fields keep their own undo history for Ctrl+Z; the editor's
    // stack must get the keys instead.
    const QList<QWidget *> texts{m_name, m_slug, m_brand, m_description, m_altText, m_taxClass};
    for (QWidget *widget : texts)
        widget->installEventFilter(this);
    m_description->setUndoRedoEnabled(false);

    resize(860, 600);
    setBusy(true);
    updateTitle();
    load();
}

ProductEditorDialog::~ProductEditorDialog()
{
    // The stack announces its clean state while it is destroyed.
    m_undo->disconnect(this);
}

QWidget *ProductEditorDialog::buildDetailsTab()
{
    auto *page = new QWidget(this);
    m_name->setObjectName(u"productName"_s);
    m_name->setMaxLength(ProductService::kMaxNameLength);
    m_slug->setObjectName(u"productSlug"_s);
    m_slug->setPlaceholderText(tr("Made from the name when empty"));
    m_brand->setObjectName(u"productBrand"_s);
    m_description->setObjectName(u"productDescription"_s);
    m_description->setTabChangesFocus(true);
    const QFontMetrics metrics(m_description->font());
    m_description->setFixedHeight(metrics.lineSpacing() * kDescriptionLines + 2 * m_description->frameWidth()
                                  + int(m_description->document()->documentMargin() * 2));
    m_vendor->setObjectName(u"productVendor"_s);
    m_category->setObjectName(u"productCategory"_s);
    m_status->setObjectName(u"productStatus"_s);
    for (ProductStatus status : {ProductStatus::Active, ProductStatus::Inactive, ProductStatus::OutOfStock,
                                 ProductStatus::Discontinued})
        m_status->addItem(productStatusDisplayName(status), productStatusName(status));
    for (QComboBox *choice : {m_vendor, m_category, m_status, m_taxClass}) {
        choice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        choice->setMinimumContentsLength(kChoiceWidthInCharacters);
    }
    m_taxClass->setObjectName(u"productTaxClass"_s);
    m_taxClass->setEditable(true);
    m_taxClass->addItem(standardTaxClass());
    m_detailsMessage->setObjectName(u"detailsMessage"_s);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Web name:"), m_slug);
    form->addRow(tr("&Brand:"), m_brand);
    form->addRow(tr("D&escription:"), m_description);
    form->addRow(tr("Vend&or:"), m_vendor);
    form->addRow(tr("&Category:"), m_category);
    form->addRow(tr("Stat&us:"), m_status);
    form->addRow(tr("Ta&x class:"), m_taxClass);
    // Vendors always sell under their own name.
    form->setRowVisible(m_vendor, isAllowed(m_session.role, Permission::ManageAllProducts));
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(m_detailsMessage);
    layout->addStretch(1);

    watchField(NameField, tr("edit name"));
    watchField(SlugField, tr("edit web name"));
    watchField(BrandField, tr("edit brand"));
    watchField(DescriptionField, tr("edit description"));
    watchField(VendorField, tr("change vendor"));
    watchField(CategoryField, tr("change category"));
    watchField(StatusField, tr("change status"));
    watchField(TaxClassField, tr("change tax class"));
    return page;
}

QWidget *ProductEditorDialog::buildVariantsTab()
{
    auto *page = new QWidget(this);
    m_variantView->setObjectName(u"variantTable"_s);
    m_variantView->setModel(m_variants);
    m_variantView->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_variantView->setTabKeyNavigation(false);
    m_variantView->horizontalHeader()->setStretchLastSection(false);
    m_variantView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                   | QAbstractItemView::AnyKeyPressed);
    m_addVariant->setObjectName(u"addVariantButton"_s);
    m_removeVariant->setObjectName(u"removeVariantButton"_s);
    m_generate->setObjectName(u"generateVariantsButton"_s);
    m_variantsMessage->setObjectName(u"variantsMessage"_s);
    connect(m_variants, &VariantTableModel::editRequested, this, [this](int row, int column, const QVariant &value) {
        m_variantsMessage->clear();
        m_undo->push(new VariantCellCommand(m_variants, row, column, m_variants->cellValue(row, column), value));
    });
    connect(m_variants, &VariantTableModel::editRefused, m_variantsMessage, &InlineMessage::showError);
    connect(m_variants, &QAbstractItemModel::modelReset, this, [this] { m_variantView->resizeColumnsToContents(); });
    connect(m_variants, &QAbstractItemModel::dataChanged, this, [this] { m_variantView->resizeColumnsToContents(); });
    m_variantView->horizontalHeader()->setMinimumSectionSize(kMinimumColumnWidth);
    m_variantView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_addVariant, &QPushButton::clicked, this, &ProductEditorDialog::addVariant);
    connect(m_removeVariant, &QPushButton::clicked, this, &ProductEditorDialog::removeVariants);
    connect(m_generate, &QPushButton::clicked, this, &ProductEditorDialog::openGenerator);

    auto *hint = new QLabel(tr("Amounts in the shop's currency, like 19.99. Weight in grams. Double-click or type "
                               "to edit a cell."),
                            page);
    hint->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addVariant);
    buttons->addWidget(m_removeVariant);
    buttons->addWidget(m_generate);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(hint);
    layout->addWidget(m_variantView, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_variantsMessage);
    return page;
}

QWidget *ProductEditorDialog::buildImagesTab()
{
    auto *page = new QWidget(this);
    m_images->setObjectName(u"imageStrip"_s);
    m_altText->setObjectName(u"imageAltText"_s);
    m_altText->setPlaceholderText(tr("What the picture shows, for screen readers and the web shop"));
    m_altText->setMaxLength(ProductImageService::kMaxAltTextLength);
    m_addImage->setObjectName(u"addImageButton"_s);
    m_removeImage->setObjectName(u"removeImageButton"_s);
    m_moveImageLeft->setObjectName(u"moveImageEarlierButton"_s);
    m_moveImageRight->setObjectName(u"moveImageLaterButton"_s);
    m_imagesMessage->setObjectName(u"imagesMessage"_s);
    connect(m_images, &ImageStrip::reorderRequested, this,
            [this](const QList<EditorImage> &images) { pushImages(tr("reorder pictures"), images); });
    connect(m_images, &QListWidget::currentRowChanged, this, &ProductEditorDialog::updateImageButtons);
    connect(m_addImage, &QPushButton::clicked, this, &ProductEditorDialog::chooseImageFiles);
    connect(m_removeImage, &QPushButton::clicked, this, &ProductEditorDialog::removeImage);
    connect(m_moveImageLeft, &QPushButton::clicked, this, [this] { moveImage(-1); });
    connect(m_moveImageRight, &QPushButton::clicked, this, [this] { moveImage(1); });
    connect(m_altText, &QLineEdit::editingFinished, this, &ProductEditorDialog::altTextEdited);

    auto *hint = new QLabel(tr("The first picture is the one lists and the web shop show. Drag a picture or use the "
                               "buttons to change the order."),
                            page);
    hint->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addImage);
    buttons->addWidget(m_removeImage);
    buttons->addWidget(m_moveImageLeft);
    buttons->addWidget(m_moveImageRight);
    buttons->addStretch(1);
    auto *form = new QFormLayout;
    form->addRow(tr("Desc&ription:"), m_altText);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(hint);
    layout->addWidget(m_images, 1);
    layout->addLayout(buttons);
    layout->addLayout(form);
    layout->addWidget(m_imagesMessage);
    updateImageButtons();
    return page;
}

// --- loading ---------------------------------------------------------------

QCoro::Task<> ProductEditorDialog::load()
{
    QPointer<ProductEditorDialog> guard(this);
    setBusy(true);
    m_loaded = false;
    const QFuture<Result<ShopSettings>> settingsLoading = m_services.settings->load();
    const Result<ShopSettings> settings = co_await settingsLoading;
    if (!guard)
        co_return;
    if (settings)
        m_currency = settings->currency;

    if (m_category->count() == 0) {
        m_category->addItem(tr("No category"), kNone);
        co_await loadCategories(std::nullopt, 0);
        if (!guard)
            co_return;
    }
    if (m_vendor->count() == 0 && isAllowed(m_session.role, Permission::ManageAllProducts)) {
        m_vendor->addItem(tr("The shop itself"), kNone);
        const QFuture<Result<QList<Vendor>>> vendorsLoading = m_services.users->vendors(m_session);
        const Result<QList<Vendor>> vendors = co_await vendorsLoading;
        if (!guard)
            co_return;
        if (vendors)
            for (const Vendor &vendor : vendors.value())
                m_vendor->addItem(vendor.name, vendor.id);
    }

    if (!m_productId) {
        setBusy(false);
        displayNew();
        m_loaded = true;
        emit loaded(true);
        co_return;
    }
    const QFuture<Result<Product>> productLoading = m_services.products->get(m_session, *m_productId);
    const Result<Product> product = co_await productLoading;
    if (!guard)
        co_return;
    const QFuture<Result<QList<ProductImageInfo>>> imagesLoading = m_services.images->list(m_session, *m_productId);
    const Result<QList<ProductImageInfo>> images = co_await imagesLoading;
    if (!guard)
        co_return;
    setBusy(false);
    if (!product || !images) {
        const Error error = product ? images.error() : product.error();
        m_message->showError(error.message);
        m_save->setEnabled(false);
        emit loaded(false);
        co_return;
    }
    display(product.value(), images.value());
    m_loaded = true;
    emit loaded(true);
}

QCoro::Task<> ProductEditorDialog::loadCategories(std::optional<qint64> parentId, int depth)
{
    QPointer<ProductEditorDialog> guard(this);
    const QFuture<Result<QList<Category>>> loading = m_services.categories->children(m_session, parentId);
    const Result<QList<Category>> children = co_await loading;
    if (!guard || !children)
        co_return;
    for (const Category &category : children.value()) {
        // Indented by depth: the combo box shows the tree as a list.
        m_category->addItem(QString(depth * 4, u' ') + category.name, category.id);
        co_await loadCategories(category.id, depth + 1);
        if (!guard)
            co_return;
    }
}

void ProductEditorDialog::displayNew()
{
    Product product;
    product.taxClass = standardTaxClass();
    if (m_session.vendorId && !isAllowed(m_session.role, Permission::ManageAllProducts))
        product.vendorId = m_session.vendorId;
    VariantDraft first;
    first.isActive = true;
    m_applying = true;
    m_name->clear();
    m_slug->clear();
    m_brand->clear();
    m_description->clear();
    m_vendor->setCurrentIndex(qMax(0, m_vendor->findData(kNone)));
    m_category->setCurrentIndex(qMax(0, m_category->findData(kNone)));
    m_status->setCurrentIndex(0);
    m_taxClass->setCurrentText(standardTaxClass());
    m_applying = false;
    m_variants->setState({{first}, {}});
    m_images->setImages({});
    m_attributes->setAttributes({});
    m_version = 0;
    m_loadedImageIds.clear();
    resetUndo();
    m_name->setFocus();
}

void ProductEditorDialog::display(const Product &product, const QList<ProductImageInfo> &images)
{
    m_applying = true;
    m_name->setText(product.name);
    m_slug->setText(product.slug);
    m_brand->setText(product.brand);
    m_description->setPlainText(product.description);
    const qint64 vendor = product.vendorId.value_or(kNone);
    if (m_vendor->findData(vendor) < 0)
        m_vendor->addItem(tr("Vendor %1").arg(vendor), vendor);
    m_vendor->setCurrentIndex(m_vendor->findData(vendor));
    const qint64 category = product.categoryId.value_or(kNone);
    if (m_category->findData(category) < 0)
        m_category->addItem(tr("Category %1").arg(category), category);
    m_category->setCurrentIndex(m_category->findData(category));
    m_status->setCurrentIndex(qMax(0, m_status->findData(productStatusName(product.status))));
    if (m_taxClass->findText(product.taxClass) < 0)
        m_taxClass->addItem(product.taxClass);
    m_taxClass->setCurrentText(product.taxClass);
    m_applying = false;

    QList<VariantDraft> variants;
    QStringList optionNames;
    for (const Variant &variant : product.variants) {
        VariantDraft draft;
        draft.id = variant.id;
        draft.sku = variant.sku;
        draft.barcode = variant.barcode;
        draft.options = variant.options;
        draft.price = variant.price.toDecimalString();
        draft.compareAt = variant.compareAt ? variant.compareAt->toDecimalString() : QString();
        draft.cost = variant.cost ? variant.cost->toDecimalString() : QString();
        draft.weightGrams = variant.weightGrams;
        draft.isActive = variant.isActive;
        variants.append(draft);
    }
    m_variants->setState({variants, optionNames});

    QList<EditorImage> editorImages;
    m_loadedImageIds.clear();
    for (const ProductImageInfo &info : images) {
        EditorImage image;
        image.imageId = info.id;
        image.byteSize = info.byteSize;
        image.image.mime = info.mime;
        image.image.thumbnail = info.thumbnail;
        image.image.altText = info.altText;
        image.image.sourceUrl = info.sourceUrl;
        editorImages.append(image);
        m_loadedImageIds.append(info.id);
    }
    m_images->setImages(editorImages);
    m_attributes->setAttributes(ProductEditorAttributes::fromJson(product.attributes));
    m_version = product.version;
    m_productId = product.id;
    resetUndo();
    updateImageButtons();
}

void ProductEditorDialog::resetUndo()
{
    for (Field field : {NameField, SlugField, BrandField, DescriptionField, VendorField, CategoryField, StatusField,
                        TaxClassField})
        m_fieldValues.insert(field, fieldValue(field));
    m_undo->clear();
    m_undo->setClean();
    m_detailsMessage->clear();
    m_variantsMessage->clear();
    m_imagesMessage->clear();
    m_attributesMessage->clear();
    updateTitle();
}

// --- details fields ---------------------------------------------------------

QVariant ProductEditorDialog::fieldValue(Field field) const
{
    switch (field) {
    case NameField: return m_name->text();
    case SlugField: return m_slug->text();
    case BrandField: return m_brand->text();
    case DescriptionField: return m_description->toPlainText();
    case VendorField: return m_vendor->currentData().isValid() ? m_vendor->currentData() : QVariant(kNone);
    case CategoryField: return m_category->currentData().isValid() ? m_category->currentData() : QVariant(kNone);
    case StatusField: return m_status->currentData();
    case TaxClassField: return m_taxClass->currentText();
    }
    return {};
}

void ProductEditorDialog::setFieldValue(Field field, const QVariant &value)
{
    m_fieldValues.insert(field, value);
    if (fieldValue(field) == value)
        return;
    m_applying = true;
    switch (field) {
    case NameField: m_name->setText(value.toString()); break;
    case SlugField: m_slug->setText(value.toString()); break;
    case BrandField: m_brand->setText(value.toString()); break;
    case DescriptionField: m_description->setPlainText(value.toString()); break;
    case VendorField: m_vendor->setCurrentIndex(m_vendor->findData(value)); break;
    case CategoryField: m_category->setCurrentIndex(m_category->findData(value)); break;
    case StatusField: m_status->setCurrentIndex(m_status->findData(value)); break;
    case TaxClassField: m_taxClass->setCurrentText(value.toString()); break;
    }
    m_applying = false;
    m_tabs->setCurrentIndex(int(Tab::Details));
}

void ProductEditorDialog::fieldEdited(Field field, const QString &what)
{
    if (m_applying || !m_loaded)
        return;
    const QVariant after = fieldValue(field);
    const QVariant before = m_fieldValues.value(field);
    if (after == before)
        return;
    m_fieldValues.insert(field, after);
    m_detailsMessage->clear();
    m_undo->push(new FieldEditCommand(what, int(field), before, after,
                                      [this, field](const QVariant &value) { setFieldValue(field, value); }));
}

void ProductEditorDialog::watchField(Field field, const QString &what)
{
    auto edited = [this, field, what] { fieldEdited(field, what); };
    switch (field) {
    case NameField: connect(m_name, &QLineEdit::textEdited, this, edited); break;
    case SlugField: connect(m_slug, &QLineEdit::textEdited, this, edited); break;
    case BrandField: connect(m_brand, &QLineEdit::textEdited, this, edited); break;
    case DescriptionField: connect(m_description, &QPlainTextEdit::textChanged, this, edited); break;
    case VendorField: connect(m_vendor, &QComboBox::activated, this, edited); break;
    case CategoryField: connect(m_category, &QComboBox::activated, this, edited); break;
    case StatusField: connect(m_status, &QComboBox::activated, this, edited); break;
    case TaxClassField: connect(m_taxClass, &QComboBox::currentTextChanged, this, edited); break;
    }
}

// --- variants ---------------------------------------------------------------

void ProductEditorDialog::pushVariantState(const QString &text, const QList<VariantDraft> &variants,
                                           const QStringList &optionNames)
{
    m_variantsMessage->clear();
    m_undo->push(new StateCommand<VariantTableModel::State>(
        text, m_variants->state(), VariantTableModel::State{variants, optionNames},
        [this](const VariantTableModel::State &state) {
            m_variants->setState(state);
            m_tabs->setCurrentIndex(int(Tab::Variants));
        }));
}

void ProductEditorDialog::addVariant()
{
    QList<VariantDraft> variants = m_variants->variants();
    VariantDraft added;
    // A new row has the same options as the others, to be filled in.
    for (const QString &name : m_variants->optionNames())
        added.options.insert(name, QString());
    if (!variants.isEmpty()) {
        added.price = variants.last().price;
        added.weightGrams = variants.last().weightGrams;
    }
    variants.append(added);
    pushVariantState(tr("add variant"), variants, m_variants->optionNames());
    const QModelIndex sku = m_variants->index(m_variants->rowCount() - 1, 0);
    m_variantView->setCurrentIndex(sku);
    m_variantView->setFocus();
}

void ProductEditorDialog::removeVariants()
{
    QList<int> rows;
    const QModelIndexList selected = m_variantView->selectionModel()->selectedIndexes();
    for (const QModelIndex &index : selected)
        if (!rows.contains(index.row()))
            rows.append(index.row());
    if (rows.isEmpty() && m_variantView->currentIndex().isValid())
        rows.append(m_variantView->currentIndex().row());
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), std::greater<>());
    QList<VariantDraft> variants = m_variants->variants();
    QStringList skus;
    for (int row : std::as_const(rows)) {
        skus.prepend(variants[row].sku);
        variants.removeAt(row);
    }
    pushVariantState(tr("remove variants %1").arg(skus.join(u", "_s)), variants,
                     m_variants->optionNames());
}

void ProductEditorDialog::openGenerator()
{
    const QList<VariantDraft> &existing = m_variants->variants();
    QString baseSku;
    if (!existing.isEmpty() && !existing.first().sku.trimmed().isEmpty())
        baseSku = existing.first().options.isEmpty() ? existing.first().sku.trimmed()
                                                     : existing.first().sku.section(u'-', 0, 0).trimmed();
    auto *dialog = new VariantGeneratorDialog(baseSku, m_variants->optionNames(), existing, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { applyGeneratedVariants(dialog->variants(), dialog->optionNames()); });
    dialog->open();
}

void ProductEditorDialog::applyGeneratedVariants(const QList<VariantDraft> &variants, const QStringList &optionNames)
{
    if (variants.isEmpty())
        return;
    pushVariantState(tr("generate variants"), variants, optionNames);
}

// --- pictures ---------------------------------------------------------------

void ProductEditorDialog::pushImages(const QString &text, const QList<EditorImage> &images)
{
    m_imagesMessage->clear();
    m_undo->push(new StateCommand<QList<EditorImage>>(text, m_images->images(), images,
                                                      [this](const QList<EditorImage> &state) {
                                                          m_images->setImages(state);
                                                          m_tabs->setCurrentIndex(int(Tab::Images));
                                                          updateImageButtons();
                                                      }));
}

void ProductEditorDialog::chooseImageFiles()
{
    auto *dialog = new QFileDialog(this, tr("Add pictures"), QString(), ProductImages::fileDialogFilter());
    dialog->setObjectName(u"imageFileDialog"_s);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::filesSelected, this, &ProductEditorDialog::addImageFiles);
    dialog->open();
}

void ProductEditorDialog::addImageFiles(const QStringList &paths)
{
    QList<EditorImage> images = m_images->images();
    QStringList problems;
    for (const QString &path : paths) {
        const Result<NewProductImage> read = ProductImages::fromFile(path);
        if (!read) {
            problems.append(read.error().message);
            continue;
        }
        EditorImage image;
        image.image = read.value();
        image.byteSize = image.image.data.size();
        images.append(image);
    }
    if (images.size() > m_images->images().size())
        pushImages(tr("add pictures"), images);
    if (!problems.isEmpty())
        m_imagesMessage->showError(problems.join(u' '));
    m_images->setCurrentRow(m_images->count() - 1);
}

void ProductEditorDialog::addImageBytes(const QByteArray &bytes, const QString &altText)
{
    const Result<NewProductImage> read = ProductImages::fromBytes(bytes);
    if (!read) {
        m_tabs->setCurrentIndex(int(Tab::Images));
        m_imagesMessage->showError(read.error().message);
        return;
    }
    QList<EditorImage> images = m_images->images();
    EditorImage image;
    image.image = read.value();
    image.image.altText = altText;
    image.byteSize = bytes.size();
    images.append(image);
    pushImages(tr("add picture"), images);
    m_images->setCurrentRow(m_images->count() - 1);
}

void ProductEditorDialog::removeImage()
{
    const int row = m_images->currentRow();
    if (row < 0 || row >= m_images->images().size())
        return;
    QList<EditorImage> images = m_images->images();
    images.removeAt(row);
    pushImages(tr("remove picture %1").arg(row + 1), images);
}

void ProductEditorDialog::moveImage(int by)
{
    const int row = m_images->currentRow();
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_images->images().size())
        return;
    QList<EditorImage> images = m_images->images();
    images.move(row, to);
    pushImages(tr("move picture %1").arg(row + 1), images);
    m_images->setCurrentRow(to);
}

void ProductEditorDialog::altTextEdited()
{
    const int row = m_images->currentRow();
    if (row < 0 || row >= m_images->images().size() || m_images->images()[row].image.altText == m_altText->text())
        return;
    QList<EditorImage> images = m_images->images();
    images[row].image.altText = m_altText->text();
    pushImages(tr("describe picture %1").arg(row + 1), images);
    m_images->setCurrentRow(row);
}

void ProductEditorDialog::updateImageButtons()
{
    const int row = m_images->currentRow();
    const bool has = row >= 0 && row < m_images->images().size();
    m_removeImage->setEnabled(has);
    m_moveImageLeft->setEnabled(has && row > 0);
    m_moveImageRight->setEnabled(has && row + 1 < m_images->images().size());
    m_altText->setEnabled(has);
    m_altText->setText(has ? m_images->images()[row].image.altText : QString());
}

// --- saving -----------------------------------------------------------------

ProductDraft ProductEditorDialog::draft() const
{
    ProductDraft draft;
    draft.name = m_name->text();
    draft.slug = m_slug->text();
    draft.brand = m_brand->text();
    draft.description = m_description->toPlainText();
    const qint64 vendor = fieldValue(VendorField).toLongLong();
    if (isAllowed(m_session.role, Permission::ManageAllProducts)) {
        if (vendor != kNone)
            draft.vendorId = vendor;
    } else {
        draft.vendorId = m_session.vendorId;
    }
    const qint64 category = fieldValue(CategoryField).toLongLong();
    if (category != kNone)
        draft.categoryId = category;
    draft.status = productStatusFromName(m_status->currentData().toString()).value_or(ProductStatus::Active);
    draft.taxClass = m_taxClass->currentText();
    draft.attributes = ProductEditorAttributes::toJson(m_attributes->attributes());
    draft.variants = m_variants->variants();
    return draft;
}

bool ProductEditorDialog::validate(const ProductDraft &draft)
{
    m_detailsMessage->clear();
    m_variantsMessage->clear();
    m_imagesMessage->clear();
    m_attributesMessage->clear();
    m_message->clear();
    // The service's own checks, first on the details alone (with a variant
    // that always passes), so the sentence lands next to the right field.
    ProductDraft detailsOnly = draft;
    VariantDraft valid;
    valid.sku = u"X"_s;
    valid.price = u"0"_s;
    detailsOnly.variants = {valid};
    if (const Result<ProductService::CheckedDraft> checked = ProductService::checkDraft(detailsOnly, m_currency);
        !checked) {
        showTab(Tab::Details);
        const QString name = draft.name.trimmed();
        QLineEdit *field = name.isEmpty() || name.size() > ProductService::kMaxNameLength ? m_name : m_slug;
        field->setFocus();
        field->selectAll();
        m_detailsMessage->showError(checked.error().message);
        return false;
    }
    for (const auto &[key, value] : m_attributes->attributes())
        if (key.trimmed().isEmpty() && !value.trimmed().isEmpty()) {
            showTab(Tab::Attributes);
            m_attributesMessage->showError(tr("The value \"%1\" has no attribute name. Name it or remove the row.")
                                               .arg(value.trimmed()));
            return false;
        }
    if (const Result<ProductService::CheckedDraft> checked = ProductService::checkDraft(draft, m_currency); !checked) {
        showTab(Tab::Variants);
        m_variantView->setFocus();
        m_variantsMessage->showError(checked.error().message);
        return false;
    }
    for (const EditorImage &image : m_images->images())
        if (image.imageId == 0)
            if (const QString problem = ProductImageService::imageProblem(image.image); !problem.isEmpty()) {
                showTab(Tab::Images);
                m_imagesMessage->showError(problem);
                return false;
            }
    return true;
}

void ProductEditorDialog::save()
{
    if (m_busy || !m_loaded)
        return;
    // A cell or text still being typed in counts as typed.
    if (QWidget *focus = focusWidget())
        focus->clearFocus();
    const ProductDraft product = draft();
    if (!validate(product)) {
        m_closeAfterSave = false;
        emit saveFinished(false);
        return;
    }
    store(product);
}

QCoro::Task<> ProductEditorDialog::store(ProductDraft draft)
{
    QPointer<ProductEditorDialog> guard(this);
    setBusy(true);
    m_message->showInformation(tr("Saving…"));
    Result<Product> result;
    if (!m_productId) {
        QList<NewProductImage> images;
        for (const EditorImage &image : m_images->images())
            images.append(image.image);
        const QFuture<Result<Product>> creating =
            m_services.images->createProductWithImages(m_session, draft, images);
        result = co_await creating;
    } else {
        QList<ProductImageSlot> entries;
        for (const EditorImage &image : m_images->images())
            entries.append(ProductImageSlot{image.imageId, image.image});
        const QFuture<Result<Product>> updating = m_services.images->updateProductWithImages(
            m_session, *m_productId, m_version, draft, m_loadedImageIds, entries);
        result = co_await updating;
    }
    if (!guard)
        co_return;
    setBusy(false);
    if (!result) {
        m_closeAfterSave = false;
        m_message->clear();
        if (result.error().code == ErrorCode::Conflict && result.error().message.contains(u"Reopen"_s))
            offerReload(result.error());
        else if (result.error().code == ErrorCode::InvalidInput || result.error().code == ErrorCode::Conflict)
            m_message->showError(result.error().message);
        else
            showErrorMessage(this, tr("Save product"), result.error());
        emit saveFinished(false);
        co_return;
    }
    m_productId = result->id;
    const qint64 id = result->id;
    emit saved(id);
    const QFuture<Result<QList<ProductImageInfo>>> imagesLoading = m_services.images->list(m_session, id);
    const Result<QList<ProductImageInfo>> images = co_await imagesLoading;
    if (!guard)
        co_return;
    display(result.value(), images ? images.value() : QList<ProductImageInfo>{});
    m_message->showInformation(tr("Saved."));
    emit saveFinished(true);
    if (m_closeAfterSave) {
        m_closeConfirmed = true;
        QDialog::accept();
    }
}

void ProductEditorDialog::offerReload(const Error &error)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Save product"), error.message, QMessageBox::NoButton, this);
    box->setObjectName(u"staleProductBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *reloadButton = box->addButton(tr("&Reload the product"), QMessageBox::AcceptRole);
    reloadButton->setObjectName(u"reloadProductButton"_s);
    box->addButton(tr("&Keep my changes"), QMessageBox::RejectRole);
    box->setInformativeText(tr("Reloading shows the saved product and drops your unsaved changes."));
    connect(box, &QMessageBox::buttonClicked, this, [this, reloadButton](QAbstractButton *button) {
        if (button == reloadButton)
            reload();
    });
    box->open();
}

void ProductEditorDialog::reload()
{
    load();
}

// --- closing ----------------------------------------------------------------

bool ProductEditorDialog::hasUnsavedChanges() const
{
    return !m_undo->isClean();
}

void ProductEditorDialog::reject()
{
    if (m_closeConfirmed || !hasUnsavedChanges()) {
        m_closeConfirmed = true;
        QDialog::reject();
        return;
    }
    askAboutUnsavedChanges();
}

void ProductEditorDialog::closeEvent(QCloseEvent *event)
{
    if (m_closeConfirmed || !hasUnsavedChanges()) {
        QDialog::closeEvent(event);
        return;
    }
    event->ignore();
    askAboutUnsavedChanges();
}

void ProductEditorDialog::askAboutUnsavedChanges()
{
    if (findChild<QMessageBox *>(u"unsavedChangesBox"_s))
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Unsaved changes"),
                                tr("Save the changes to this product before closing?"),
                                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setObjectName(u"unsavedChangesBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::Save);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        if (result == QMessageBox::Save) {
            m_closeAfterSave = true;
            save();
        } else if (result == QMessageBox::Discard) {
            m_closeConfirmed = true;
            QDialog::reject();
        }
    });
    box->open();
}

// Ctrl+Z and Ctrl+Shift+Z go to the editor's stack, not to the text field.
bool ProductEditorDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)
            || key->keyCombination() == QKeyCombination(Qt::CTRL | Qt::SHIFT, Qt::Key_Z)) {
            event->ignore();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

// --- state ------------------------------------------------------------------

QString ProductEditorDialog::message(Tab tab) const
{
    switch (tab) {
    case Tab::Details: return m_detailsMessage->text();
    case Tab::Variants: return m_variantsMessage->text();
    case Tab::Images: return m_imagesMessage->text();
    case Tab::Attributes: return m_attributesMessage->text();
    }
    return {};
}

QString ProductEditorDialog::message() const
{
    return m_message->text();
}

void ProductEditorDialog::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void ProductEditorDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_save->setEnabled(!busy);
    m_tabs->setEnabled(!busy);
}

void ProductEditorDialog::updateTitle()
{
    const QString name = m_name->text().trimmed();
    setWindowTitle((m_productId ? tr("Product – %1[*]").arg(name.isEmpty() ? tr("unnamed") : name)
                                : tr("New product[*]")));
    setWindowModified(hasUnsavedChanges());
}

} // namespace sk
