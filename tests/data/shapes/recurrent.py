"""Text models in Keras 1: embeddings, recurrent layers, wrappers and merges.

The 1D convolution of ``cnn_lstm`` follows the global ordering in Keras 3:
under channels_first it reads (batch, 100 steps, 128 features) as 100 channels
of 128 steps, builds, and computes something else.
"""
from keras.models import Sequential, Model
from keras.layers import Input, Dense, Dropout, Embedding, LSTM, GRU, SimpleRNN, Reshape, merge
from keras.layers import Convolution1D, MaxPooling1D, RepeatVector, TimeDistributed, Bidirectional

max_features = 20000
maxlen = 100
embedding_size = 128

imdb_lstm = Sequential()
imdb_lstm.add(Embedding(max_features, embedding_size, input_length=maxlen, dropout=0.2))
imdb_lstm.add(LSTM(128, dropout_W=0.2, dropout_U=0.2))
imdb_lstm.add(Dense(1, activation='sigmoid'))

cnn_lstm = Sequential()
cnn_lstm.add(Embedding(max_features, embedding_size, input_length=maxlen))
cnn_lstm.add(Dropout(0.25))
cnn_lstm.add(Convolution1D(nb_filter=64, filter_length=5, border_mode='valid', activation='relu', subsample_length=1))
cnn_lstm.add(MaxPooling1D(pool_length=4))
cnn_lstm.add(LSTM(70))
cnn_lstm.add(Dense(1))
cnn_lstm.add(Dense(1, activation='sigmoid'))

words = Input(shape=(maxlen,), dtype='int32')
embedded = Embedding(max_features, 64)(words)
forward_backward = Bidirectional(GRU(32, return_sequences=True))(embedded)
projected = TimeDistributed(Dense(16))(forward_backward)
encoded = SimpleRNN(8)(projected)
repeated = RepeatVector(5)(encoded)
decoded = LSTM(8, return_sequences=True)(repeated)
summary = Reshape((1, 8))(encoded)
mixed = merge([decoded, summary], mode='sum')
seq2seq = Model(input=words, output=mixed)

# ruff: noqa  (legacy Keras 1 code and examples, kept as they were written)
