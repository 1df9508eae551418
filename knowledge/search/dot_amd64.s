#include "textflag.h"

// func dotAVX2(a, b []float32) float32
TEXT ·dotAVX2(SB), NOSPLIT, $0-52
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DI
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3

loop32:
	CMPQ CX, $32
	JL   loop8
	VMOVUPS (SI), Y4
	VMOVUPS 32(SI), Y5
	VMOVUPS 64(SI), Y6
	VMOVUPS 96(SI), Y7
	VFMADD231PS (DI), Y4, Y0
	VFMADD231PS 32(DI), Y5, Y1
	VFMADD231PS 64(DI), Y6, Y2
	VFMADD231PS 96(DI), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $32, CX
	JMP  loop32

loop8:
	CMPQ CX, $8
	JL   reduce
	VMOVUPS (SI), Y4
	VFMADD231PS (DI), Y4, Y0
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop8

reduce:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0

tail:
	CMPQ CX, $0
	JE   done
	VMOVSS (SI), X1
	VFMADD231SS (DI), X1, X0
	ADDQ $4, SI
	ADDQ $4, DI
	DECQ CX
	JMP  tail

done:
	VZEROUPPER
	MOVSS X0, ret+48(FP)
	RET

// func dot8AVX2(a []float32, b []int8) float32
TEXT ·dot8AVX2(SB), NOSPLIT, $0-52
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DI
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3

q32:
	CMPQ CX, $32
	JL   q8
	VPMOVSXBD (DI), Y4
	VPMOVSXBD 8(DI), Y5
	VPMOVSXBD 16(DI), Y6
	VPMOVSXBD 24(DI), Y7
	VCVTDQ2PS Y4, Y4
	VCVTDQ2PS Y5, Y5
	VCVTDQ2PS Y6, Y6
	VCVTDQ2PS Y7, Y7
	VFMADD231PS (SI), Y4, Y0
	VFMADD231PS 32(SI), Y5, Y1
	VFMADD231PS 64(SI), Y6, Y2
	VFMADD231PS 96(SI), Y7, Y3
	ADDQ $128, SI
	ADDQ $32, DI
	SUBQ $32, CX
	JMP  q32

q8:
	CMPQ CX, $8
	JL   qreduce
	VPMOVSXBD (DI), Y4
	VCVTDQ2PS Y4, Y4
	VFMADD231PS (SI), Y4, Y0
	ADDQ $32, SI
	ADDQ $8, DI
	SUBQ $8, CX
	JMP  q8

qreduce:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0

qtail:
	CMPQ CX, $0
	JE   qdone
	MOVBQSX (DI), AX
	VCVTSI2SSQ AX, X2, X2
	VFMADD231SS (SI), X2, X0
	ADDQ $4, SI
	INCQ DI
	DECQ CX
	JMP  qtail

qdone:
	VZEROUPPER
	MOVSS X0, ret+48(FP)
	RET

// func dotI8RowsAVX2(q, qa []int8, rows []int8, out []int32)
// out[i] = Σ_j q[j]·rows[i·len(q)+j] for i < len(out); len(q) is a
// positive multiple of 32, qa[j] = |q[j]| ≤ 127 and every |rows| ≤ 127,
// so VPMADDUBSW's pairs (at most 2·127·127) never saturate.
TEXT ·dotI8RowsAVX2(SB), NOSPLIT, $0-96
	MOVQ q_base+0(FP), SI
	MOVQ q_len+8(FP), DX
	MOVQ qa_base+24(FP), R11
	MOVQ rows_base+48(FP), DI
	MOVQ out_base+72(FP), R8
	MOVQ out_len+80(FP), R9
	MOVL $0x00010001, AX
	MOVQ AX, X15
	VPBROADCASTD X15, Y15

irow:
	TESTQ R9, R9
	JZ    idone
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	XORQ  R10, R10

i64:
	LEAQ       64(R10), AX
	CMPQ       AX, DX
	JG         i32
	VMOVDQU    (DI)(R10*1), Y2
	VMOVDQU    32(DI)(R10*1), Y3
	VPSIGNB    (SI)(R10*1), Y2, Y2
	VPSIGNB    32(SI)(R10*1), Y3, Y3
	VMOVDQU    (R11)(R10*1), Y4
	VMOVDQU    32(R11)(R10*1), Y5
	VPMADDUBSW Y2, Y4, Y2
	VPMADDUBSW Y3, Y5, Y3
	VPMADDWD   Y15, Y2, Y2
	VPMADDWD   Y15, Y3, Y3
	VPADDD     Y2, Y0, Y0
	VPADDD     Y3, Y1, Y1
	MOVQ       AX, R10
	JMP        i64

i32:
	CMPQ       R10, DX
	JGE        ireduce
	VMOVDQU    (DI)(R10*1), Y2
	VPSIGNB    (SI)(R10*1), Y2, Y2
	VMOVDQU    (R11)(R10*1), Y4
	VPMADDUBSW Y2, Y4, Y2
	VPMADDWD   Y15, Y2, Y2
	VPADDD     Y2, Y0, Y0
	ADDQ       $32, R10

ireduce:
	VPADDD       Y1, Y0, Y0
	VEXTRACTI128 $1, Y0, X1
	VPADDD       X1, X0, X0
	VPSHUFD      $0x4E, X0, X1
	VPADDD       X1, X0, X0
	VPSHUFD      $0xB1, X0, X1
	VPADDD       X1, X0, X0
	MOVL         X0, (R8)
	ADDQ         $4, R8
	ADDQ         DX, DI
	DECQ         R9
	JMP          irow

idone:
	VZEROUPPER
	RET
