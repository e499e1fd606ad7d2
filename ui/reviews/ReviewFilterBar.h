#pragma once

#include "auth/User.h"
#include "reviews/Review.h"

#include <QList>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sk {

// The Reviews page's filters: product (part of its name, or "#12" for the
// product with id 12), rating, status, verified purchase, and vendor (for
// those who see every vendor's reviews). Typing waits a moment before it
// says changed(), so a word typed quickly is one query.
class ReviewFilterBar : public QWidget {
    Q_OBJECT

public:
    explicit ReviewFilterBar(QWidget *parent = nullptr);

    // Hidden while there are none (vendors never see it).
    void setVendors(const QList<Vendor> &vendors);
    void setStatus(std::optional<ReviewStatus> status);
    void setRating(std::optional<int> rating);
    void setProductText(const QString &text);

    // Copies the filters into query (paging is left alone).
    void apply(ReviewQuery &query) const;
    bool isFiltering() const;
    QLineEdit *productBox() const { return m_product; }

public slots:
    void clear();
    void focusProduct();

signals:
    void changed();

private:
    void emitChanged();

    QLineEdit *m_product;
    QComboBox *m_rating;
    QComboBox *m_status;
    QComboBox *m_verified;
    QLabel *m_vendorLabel;
    QComboBox *m_vendor;
    QPushButton *m_clear;
    QTimer m_typingDelay;
};

} // namespace sk
