#!/usr/bin/env python3
"""Loads VolNotebooks safetensors exports into plain torch.nn modules and writes their forecasts.

The modules below are straightforward PyTorch versions of the workbook's networks (src/VolNotebooks/Models), written
from the architectures' descriptions, not from the engine's kernels: each one's state_dict names and shapes are the
ones the export writes, so load_state_dict(strict=True) proves that every tensor has a home and none is missing.

    python3 torch_check.py INPUTS.f32 N T F FILE.safetensors [FILE.safetensors ...]

INPUTS.f32 holds N*T*F little-endian float32 values, the windows [N, T, F]. For each FILE the forecasts [N, O] go to
FILE.forecast.f32 (little-endian float32), computed in eval mode without gradients. One process serves every file so
torch is imported once. Safetensors files are read by hand (json + torch.frombuffer): Debian has no safetensors package.

To use a module elsewhere: model, metadata = load("model.safetensors"); model(torch.from_numpy(x)) with x [N, T, F].
"""

import json
import struct
import sys

import numpy as np
import torch
from torch import nn

DTYPES = {"F32": torch.float32, "I64": torch.int64}


def read_safetensors(path):
    """The tensors (by name) and the string metadata of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_length].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    body = memoryview(data)[8 + header_length:]
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = DTYPES[entry["dtype"]]
        # bytearray: frombuffer needs a writable buffer to avoid a warning; the copy is small.
        flat = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(entry["shape"])
    return tensors, metadata


def last_step(lstm, x):
    """h_T of every sample: the LSTM's output at the last time step, [B, directions*H]."""
    output, _ = lstm(x)
    return output[:, -1, :]


class ConvolutionFront(nn.Module):
    """Conv1d(F, f1, 3, same) -> ReLU -> MaxPool(2) -> Conv1d(f1, f2, 3, same) -> ReLU: [B, T, F] -> [B, T/2, f2]."""

    def __init__(self, features, filters1, filters2):
        super().__init__()
        self.conv1 = nn.Conv1d(features, filters1, 3, padding="same")
        self.pool = nn.MaxPool1d(2)
        self.conv2 = nn.Conv1d(filters1, filters2, 3, padding="same")

    def forward(self, x):
        z = torch.relu(self.conv2(self.pool(torch.relu(self.conv1(x.transpose(1, 2))))))
        return z.transpose(1, 2)


class AdditiveAttention(nn.Module):
    """score_t = v . tanh(W h_t + b), weights = softmax over time, context = sum_t weight_t h_t: [B, T, D] -> [B, D]."""

    def __init__(self, dim, units):
        super().__init__()
        self.W = nn.Linear(dim, units)
        self.v = nn.Linear(units, 1, bias=False)

    def forward(self, h):
        weights = torch.softmax(self.v(torch.tanh(self.W(h))).squeeze(-1), dim=1)
        return (weights.unsqueeze(-1) * h).sum(dim=1)


class PositionalEncoding(nn.Module):
    """Adds pe[t, 2i] = sin(t / 10000^(2i/D)), pe[t, 2i+1] = cos(t / 10000^(2i/D)) (Vaswani et al. 2017, 3.5)."""

    def __init__(self, dim, max_length=512):
        super().__init__()
        position = torch.arange(max_length, dtype=torch.float64).unsqueeze(1)
        rate = torch.pow(10000.0, torch.arange(0, dim, 2, dtype=torch.float64) / dim)
        pe = torch.zeros(max_length, dim, dtype=torch.float64)
        pe[:, 0::2] = torch.sin(position / rate)
        pe[:, 1::2] = torch.cos(position / rate[: dim // 2])
        self.register_buffer("pe", pe.to(torch.float32), persistent=False)

    def forward(self, x):
        return x + self.pe[: x.shape[1]]


class LSTMVol(nn.Module):
    def __init__(self, features, h, positive_output=True):
        super().__init__()
        layers = h["layers"]
        self.lstm = nn.LSTM(features, h["hidden"], layers, batch_first=True, dropout=h["dropout_rate"] if layers > 1 else 0.0)
        self.head = nn.Linear(h["hidden"], 1)
        self.positive_output = positive_output

    def forward(self, x):
        y = self.head(last_step(self.lstm, x))
        return nn.functional.softplus(y) if self.positive_output else y


class LSTMForecaster(nn.Module):
    def __init__(self, features, h):
        super().__init__()
        self.lstm = nn.LSTM(features, h["hidden"], h["layers"], batch_first=True, dropout=h["dropout_rate"])
        self.head = nn.Sequential(nn.Linear(h["hidden"], 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x):
        return self.head(last_step(self.lstm, x))


class CnnBiLstmAttention(nn.Module):
    def __init__(self, features, h):
        super().__init__()
        self.conv = nn.Conv1d(features, h["filters"], 3, padding="same")
        self.lstm = nn.LSTM(h["filters"], h["hidden"], batch_first=True, bidirectional=True)
        self.attention = AdditiveAttention(2 * h["hidden"], h["attention_units"])
        self.head = nn.Linear(2 * h["hidden"], 1)

    def forward(self, x):
        z = torch.relu(self.conv(x.transpose(1, 2))).transpose(1, 2)
        output, _ = self.lstm(z)
        return self.head(self.attention(output))


class CnnLstmBasic(nn.Module):
    def __init__(self, features, h):
        super().__init__()
        self.front = ConvolutionFront(features, h["cnn_filters_1"], h["cnn_filters_2"])
        self.lstm1 = nn.LSTM(h["cnn_filters_2"], h["lstm_units_1"], batch_first=True)
        self.drop1 = nn.Dropout(h["dropout_rate"])
        self.lstm2 = nn.LSTM(h["lstm_units_1"], h["lstm_units_2"], batch_first=True)
        self.drop2 = nn.Dropout(h["dropout_rate"])
        self.dense = nn.Linear(h["lstm_units_2"], h["dense_units"])
        self.output = nn.Linear(h["dense_units"], 1)

    def forward(self, x):
        o1, _ = self.lstm1(self.front(x))
        last = self.drop2(last_step(self.lstm2, self.drop1(o1)))
        return self.output(torch.relu(self.dense(last)))


class CnnLstmDeep(nn.Module):
    def __init__(self, features, h):
        super().__init__()
        filters = [h["cnn_filters_1"], h["cnn_filters_2"], h["cnn_filters_3"]]
        units = [h["lstm_units_1"], h["lstm_units_2"], h["lstm_units_3"]]
        for i in range(3):
            setattr(self, f"conv{i + 1}", nn.Conv1d(features if i == 0 else filters[i - 1], filters[i], 3, padding="same"))
        for i in range(3):
            setattr(self, f"norm{i + 1}", nn.BatchNorm1d(filters[i]))
        self.pool = nn.MaxPool1d(2)
        for i in range(3):
            setattr(self, f"lstm{i + 1}", nn.LSTM(filters[-1] if i == 0 else units[i - 1], units[i], batch_first=True))
        self.dropout = nn.Dropout(h["dropout_rate"])
        self.dense_dropout = nn.Dropout(h["dropout_rate"] * 0.7)
        self.dense1 = nn.Linear(units[-1], h["dense_units_1"])
        self.dense2 = nn.Linear(h["dense_units_1"], h["dense_units_2"])
        self.output = nn.Linear(h["dense_units_2"], 1)

    def forward(self, x):
        z = x.transpose(1, 2)
        for i in range(3):
            z = getattr(self, f"norm{i + 1}")(torch.relu(getattr(self, f"conv{i + 1}")(z)))
            if i < 2:
                z = self.pool(z)
        h = z.transpose(1, 2)
        for i in range(3):
            h = self.dropout(getattr(self, f"lstm{i + 1}")(h)[0])
        last = h[:, -1, :]
        return self.output(torch.relu(self.dense2(self.dense_dropout(torch.relu(self.dense1(last))))))


class CnnLstmBidirectional(nn.Module):
    def __init__(self, features, h):
        super().__init__()
        self.front = ConvolutionFront(features, h["cnn_filters_1"], h["cnn_filters_2"])
        self.lstm1 = nn.LSTM(h["cnn_filters_2"], h["lstm_units_1"], batch_first=True, bidirectional=True)
        self.lstm2 = nn.LSTM(2 * h["lstm_units_1"], h["lstm_units_2"], batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(h["dropout_rate"])
        self.dense_dropout = nn.Dropout(h["dropout_rate"] * 0.7)
        self.dense = nn.Linear(2 * h["lstm_units_2"], h["dense_units"])
        self.output = nn.Linear(h["dense_units"], 1)

    def forward(self, x):
        o1 = self.dropout(self.lstm1(self.front(x))[0])
        o2 = self.dropout(last_step(self.lstm2, o1))
        return self.output(self.dense_dropout(torch.relu(self.dense(o2))))


class CnnLstmAttention(nn.Module):
    def __init__(self, features, h):
        super().__init__()
        units = h["lstm_units"]
        self.front = ConvolutionFront(features, h["cnn_filters_1"], h["cnn_filters_2"])
        self.lstm = nn.LSTM(h["cnn_filters_2"], units, batch_first=True)
        self.dropout = nn.Dropout(h["dropout_rate"])
        self.attention = nn.MultiheadAttention(units, h["attention_heads"], batch_first=True)
        self.norm = nn.LayerNorm(units)
        self.dense = nn.Linear(units, h["dense_units"])
        self.output = nn.Linear(h["dense_units"], 1)

    def forward(self, x):
        h = self.dropout(self.lstm(self.front(x))[0])
        attended, _ = self.attention(h, h, h, need_weights=False)
        pooled = (h + self.norm(attended)).mean(dim=1)
        return self.output(self.dropout(torch.relu(self.dense(pooled))))


class CnnLstmMultiscale(nn.Module):
    def __init__(self, features, h):
        super().__init__()
        scales = [(h["filters_small"], 3), (h["filters_medium"], 5), (h["filters_large"], 7)]
        for i, (filters, kernel) in enumerate(scales):
            setattr(self, f"branch{i + 1}", nn.Conv1d(features, filters, kernel, padding="same"))
        self.pool = nn.MaxPool1d(2)
        units = h["lstm_units"]
        self.lstm1 = nn.LSTM(sum(f for f, _ in scales), units, batch_first=True)
        self.lstm2 = nn.LSTM(units, units // 2, batch_first=True)
        self.dropout = nn.Dropout(h["dropout_rate"])
        self.dense = nn.Linear(units // 2, h["dense_units"])
        self.output = nn.Linear(h["dense_units"], 1)

    def forward(self, x):
        channels_first = x.transpose(1, 2)
        branches = [self.pool(torch.relu(getattr(self, f"branch{i + 1}")(channels_first))) for i in range(3)]
        combined = torch.cat(branches, dim=1).transpose(1, 2)
        h = self.dropout(self.lstm1(combined)[0])
        last = self.dropout(last_step(self.lstm2, h))
        return self.output(self.dropout(torch.relu(self.dense(last))))


class LSTMAttentionHeads(nn.Module):
    """LSTMAttentionDual (one horizon) and LSTMAttentionMultiHorizon (K horizons): LSTM -> LSTM -> additive attention ->
    softplus(volatility heads) and VaR heads, [B, 2K]. Keras' recurrent dropout acts in training only, so a plain
    nn.LSTM is the evaluation-mode network."""

    def __init__(self, features, h, horizons):
        super().__init__()
        self.lstm1 = nn.LSTM(features, h["hidden1"], batch_first=True)
        self.lstm2 = nn.LSTM(h["hidden1"], h["hidden2"], batch_first=True)
        self.attention = AdditiveAttention(h["hidden2"], h["attention_units"])
        self.vol_head = nn.Linear(h["hidden2"], horizons)
        self.var_head = nn.Linear(h["hidden2"], horizons)

    def forward(self, x):
        context = self.attention(self.lstm2(self.lstm1(x)[0])[0])
        return torch.cat([nn.functional.softplus(self.vol_head(context)), self.var_head(context)], dim=1)


class TransformerForecaster(nn.Module):
    """Linear(F, d) -> sinusoidal positional encoding -> post-norm nn.TransformerEncoderLayer(s) (ReLU) -> last step -> Linear(d, 1)."""

    def __init__(self, features, h):
        super().__init__()
        d = h["d_model"]
        self.embed = nn.Linear(features, d)
        self.position = PositionalEncoding(d)
        self.layers = h["layers"]
        for i in range(self.layers):
            setattr(self, f"encoder{i}", nn.TransformerEncoderLayer(
                d, h["heads"], dim_feedforward=h["feedforward"], dropout=h["dropout_rate"], batch_first=True))
        self.head = nn.Linear(d, 1)

    def forward(self, x):
        z = self.position(self.embed(x))
        for i in range(self.layers):
            z = getattr(self, f"encoder{i}")(z)
        return self.head(z[:, -1, :])


def build(metadata):
    """The untrained module the metadata describe."""
    architecture = metadata["architecture"]
    h = json.loads(metadata["hyperparameters"])
    features = int(metadata["input_features"])
    if architecture == "LSTMVol":
        return LSTMVol(features, h, metadata.get("positive_output", "true") == "true")
    if architecture in ("LSTMAttentionDual", "LSTMAttentionMultiHorizon"):
        return LSTMAttentionHeads(features, h, int(metadata["outputs"]) // 2)
    classes = {c.__name__: c for c in (LSTMForecaster, CnnBiLstmAttention, CnnLstmBasic, CnnLstmDeep, CnnLstmBidirectional,
                                       CnnLstmAttention, CnnLstmMultiscale, TransformerForecaster)}
    if architecture not in classes:
        raise ValueError(f"unknown architecture {architecture!r}")
    return classes[architecture](features, h)


def load(path):
    """The module of a safetensors export with its weights (strict: every name must match), in eval mode, and its metadata."""
    tensors, metadata = read_safetensors(path)
    model = build(metadata)
    model.load_state_dict(tensors, strict=True)
    model.eval()
    return model, metadata


def main(argv):
    if len(argv) < 6:
        sys.exit(__doc__)
    inputs_path, n, t, f = argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    torch.set_num_threads(1)
    inputs = torch.from_numpy(np.fromfile(inputs_path, dtype="<f4").reshape(n, t, f))
    for path in argv[5:]:
        model, metadata = load(path)
        with torch.no_grad():
            forecast = model(inputs)
        expected_shape = (n, int(metadata["outputs"]))
        if tuple(forecast.shape) != expected_shape:
            sys.exit(f"{path}: forecast shape {tuple(forecast.shape)}, expected {expected_shape}")
        forecast.numpy().astype("<f4").tofile(path + ".forecast.f32")
        print(f"{path}: {metadata['architecture']} {sum(p.numel() for p in model.parameters())} parameters, forecasts {expected_shape}")


if __name__ == "__main__":
    main(sys.argv)
