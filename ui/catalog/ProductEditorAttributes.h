#pragma once

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QWidget>

class QPushButton;
class QTableWidget;

namespace sk {

using AttributeList = QList<QPair<QString, QString>>;

// The product editor's attributes: free key/value pairs ("Material":
// "Stoneware") used by the catalog's filters. Like the other parts of the
// editor it asks for a change with editRequested() and shows what the undo
// command sets with setAttributes().
class ProductEditorAttributes : public QWidget {
    Q_OBJECT

public:
    explicit ProductEditorAttributes(QWidget *parent = nullptr);

    void setAttributes(const AttributeList &attributes);
    const AttributeList &attributes() const { return m_attributes; }
    QTableWidget *table() const { return m_table; }

    static AttributeList fromJson(const QJsonObject &object);
    // Rows without a key are left out; the first of two equal keys wins.
    static QJsonObject toJson(const AttributeList &attributes);

signals:
    void editRequested(const sk::AttributeList &before, const sk::AttributeList &after, const QString &text);

private:
    void cellEdited(int row, int column);

    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
    AttributeList m_attributes;
    bool m_applying = false;
};

} // namespace sk
