#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "catalog/ImageStrip.h"
#include "catalog/Product.h"
#include "catalog/ProductEditorAttributes.h"

#include <QCoro/QCoroTask>
#include <QDialog>
#include <QHash>
#include <optional>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QToolButton;
class QUndoStack;

namespace sk {

class InlineMessage;
class VariantTableModel;

// Creates or edits one product: details, variants (with the generator),
// pictures and attributes. Every change is a command on one QUndoStack
// (Ctrl+Z, Ctrl+Shift+Z; the buttons name what they undo). Save (Ctrl+S)
// checks the form with the product service's own rules first and shows the
// sentence next to what it is about, then writes the product and its
// pictures in one transaction; a product someone else changed meanwhile is
// refused and the dialog offers to reload it. Closing with unsaved changes
// asks first.
class ProductEditorDialog : public QDialog {
    Q_OBJECT

public:
    enum class Tab { Details, Variants, Images, Attributes };

    ProductEditorDialog(const Services &services, const Session &session, std::optional<qint64> productId,
                        QWidget *parent = nullptr);
    ~ProductEditorDialog() override;

    std::optional<qint64> productId() const { return m_productId; }
    bool isLoaded() const { return m_loaded; }
    bool isBusy() const { return m_busy; }
    bool hasUnsavedChanges() const;
    QUndoStack *undoStack() const { return m_undo; }
    VariantTableModel *variantModel() const { return m_variants; }
    ImageStrip *imageStrip() const { return m_images; }
    ProductEditorAttributes *attributesEditor() const { return m_attributes; }
    // The sentence shown for the tab (validation or service refusal).
    QString message(Tab tab) const;
    QString message() const;
    void showTab(Tab tab);

    // What the buttons do, callable without their file dialogs.
    void addImageFiles(const QStringList &paths);
    void addImageBytes(const QByteArray &bytes, const QString &altText = {});
    void applyGeneratedVariants(const QList<VariantDraft> &variants, const QStringList &optionNames);

public slots:
    void save();
    // Discards unsaved changes and reads the product again.
    void reload();
    void reject() override;

signals:
    void saved(qint64 productId);
    // After load or reload finished, successfully or not.
    void loaded(bool succeeded);
    // After save() finished, successfully or not.
    void saveFinished(bool succeeded);

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum Field {
        NameField,
        SlugField,
        BrandField,
        DescriptionField,
        VendorField,
        CategoryField,
        StatusField,
        TaxClassField,
    };

    QWidget *buildDetailsTab();
    QWidget *buildVariantsTab();
    QWidget *buildImagesTab();
    QCoro::Task<> load();
    QCoro::Task<> loadCategories(std::optional<qint64> parentId, int depth);
    QCoro::Task<> store(ProductDraft draft);
    void display(const Product &product, const QList<ProductImageInfo> &images);
    void displayNew();
    void resetUndo();
    bool validate(const ProductDraft &draft);
    ProductDraft draft() const;

    QVariant fieldValue(Field field) const;
    void setFieldValue(Field field, const QVariant &value);
    void fieldEdited(Field field, const QString &what);
    void watchField(Field field, const QString &what);

    void pushVariantState(const QString &text, const QList<VariantDraft> &variants, const QStringList &optionNames);
    void pushImages(const QString &text, const QList<EditorImage> &images);
    void addVariant();
    void removeVariants();
    void openGenerator();
    void chooseImageFiles();
    void removeImage();
    void moveImage(int by);
    void altTextEdited();
    void updateImageButtons();
    void askAboutUnsavedChanges();
    void offerReload(const Error &error);
    void setBusy(bool busy);
    void updateTitle();

    Services m_services;
    Session m_session;
    std::optional<qint64> m_productId;
    int m_version = 0;
    QList<qint64> m_loadedImageIds;
    QString m_currency;
    bool m_loaded = false;
    bool m_busy = false;
    bool m_applying = false;
    bool m_closeAfterSave = false;
    bool m_closeConfirmed = false;
    QHash<int, QVariant> m_fieldValues;

    QUndoStack *m_undo;
    QTabWidget *m_tabs;
    QToolButton *m_undoButton;
    QToolButton *m_redoButton;
    QLineEdit *m_name;
    QLineEdit *m_slug;
    QLineEdit *m_brand;
    QPlainTextEdit *m_description;
    QComboBox *m_vendor;
    QComboBox *m_category;
    QComboBox *m_status;
    QComboBox *m_taxClass;
    InlineMessage *m_detailsMessage;
    VariantTableModel *m_variants;
    QTableView *m_variantView;
    QPushButton *m_addVariant;
    QPushButton *m_removeVariant;
    QPushButton *m_generate;
    InlineMessage *m_variantsMessage;
    ImageStrip *m_images;
    QLineEdit *m_altText;
    QPushButton *m_addImage;
    QPushButton *m_removeImage;
    QPushButton *m_moveImageLeft;
    QPushButton *m_moveImageRight;
    InlineMessage *m_imagesMessage;
    ProductEditorAttributes *m_attributes;
    InlineMessage *m_attributesMessage;
    InlineMessage *m_message;
    QPushButton *m_save;
    QPushButton *m_close;
};

} // namespace sk
